/* strtok: strtok_r with a hidden position (not reentrant, as specified). */
#include <string.h>

char *strtok(char *restrict s, const char *restrict delim)
{
	static char *save;

	return strtok_r(s, delim, &save);
}
