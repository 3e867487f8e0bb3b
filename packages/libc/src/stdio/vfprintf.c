/* vfprintf: the formatter with a FILE as its sink; -1 when the stream failed. */
#include "stdio_impl.h"

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct uk_file_sink fs = { { __uk_file_sink_put, 0 }, f, 0 };
	int n = __uk_vformat(&fs.sink, fmt, ap);

	return fs.err ? -1 : n;
}
