/* vfprintf: the formatter with a FILE as its sink. */
#include "stdio_impl.h"

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct uk_file_sink fs = { { __uk_file_sink_put, 0 }, f };

	return __uk_vformat(&fs.sink, fmt, ap);
}
