/* stpcpy: copy a string; returns a pointer to the copied NUL (for chaining). */
#include <string.h>

char *stpcpy(char *restrict dst, const char *restrict src)
{
	while ((*dst = *src)) {
		dst++;
		src++;
	}
	return dst;
}
