/* strncat: append at most n bytes of src to dst, always terminating. */
#include <string.h>

char *strncat(char *restrict dst, const char *restrict src, size_t n)
{
	char *end = dst + strlen(dst);
	size_t len = strnlen(src, n);

	memcpy(end, src, len);
	end[len] = 0;
	return dst;
}
