/*
 * fflush: write out what a stream holds; fflush(NULL) means every stream.
 * A console stream (stdout, stderr) cannot fail. Streams over files are
 * reached through the hook their first one set (see stdio_impl.h).
 */
#include "stdio_impl.h"

int fflush(FILE *f)
{
	int r = 0;

	if (__uk_stream_flush_hook)
		r = __uk_stream_flush_hook(f);
	if (!f || f == stdout)
		__uk_stdout_flush();
	return r;
}
