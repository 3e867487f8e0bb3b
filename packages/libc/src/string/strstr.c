/*
 * strstr: first occurrence of needle in haystack. A plain quadratic search:
 * the strings a unikernel searches are short, and the code stays tiny.
 */
#include <string.h>

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)haystack;
	for (; (haystack = strchr(haystack, *needle)); haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return NULL;
}
