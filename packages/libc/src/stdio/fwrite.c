/*
 * fwrite: n items of size bytes to a stream. The console takes them all; a
 * stream that fails has written whole items up to the error at most.
 */
#include <stdint.h>

#include "stdio_impl.h"

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	if (!size || !n || n > SIZE_MAX / size)
		return 0;
	if (__uk_file_write(f, p, size * n) < 0)
		return 0;
	return n;
}
