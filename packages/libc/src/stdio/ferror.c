/* feof, ferror, clearerr, fileno: a stream's indicators and descriptor. */
#include <errno.h>

#include "stdio_impl.h"

int feof(FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);

	return s && (s->flags & UKF_EOF);
}

int ferror(FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);

	return s && (s->flags & UKF_ERR);
}

void clearerr(FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);

	if (s)
		s->flags &= ~(UKF_EOF | UKF_ERR);
}

int fileno(FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);

	if (!s)
		return f == stdout ? 1 : 2;
	if (s->fd < 0)
		errno = EBADF;
	return s->fd < 0 ? -1 : s->fd;
}
