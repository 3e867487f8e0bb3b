/*
 * strncpy: copy at most n bytes and pad the rest of dst with NULs; dst is
 * not terminated when src is n bytes or longer (that is the contract).
 */
#include <string.h>

char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst;
}
