/* fwrite: n items of size bytes to a stream; the console takes them all. */
#include <stdint.h>

#include "stdio_impl.h"

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	if (!size || !n || n > SIZE_MAX / size)
		return 0;
	__uk_file_write(f, p, size * n);
	return n;
}
