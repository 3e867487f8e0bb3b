/* strcat: append src to dst. */
#include <string.h>

char *strcat(char *restrict dst, const char *restrict src)
{
	stpcpy(dst + strlen(dst), src);
	return dst;
}
