/*
 * fclose: write out, close the descriptor, free the stream. stdout and
 * stderr on the console are only flushed; sent to a file by freopen, their
 * file is closed and they return to the console.
 */
#include <stdlib.h>

#include "fs_hooks.h"
#include "stdio_impl.h"

int fclose(FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);
	int r = fflush(f);

	if (!s)
		return r;
	if (UK_FS_CALL(close, s->fd) < 0)
		r = EOF;
	__uk_stream_unlist(s);
	if (s->flags & UKF_OWNBUF)
		free(s->f.buf);
	if (f == stdout || f == stderr) {
		__uk_stdio_redirect[f == stderr] = 0;
		free(s);
	} else if (s->flags & UKF_STATIC) {
		s->f.buf = 0;
		s->f.cap = 0;
		s->f.len = 0;
		s->flags = UKF_STATIC | UKF_ERR; /* closed: further use fails */
		s->fd = -1;
	} else {
		free(s);
	}
	return r;
}
