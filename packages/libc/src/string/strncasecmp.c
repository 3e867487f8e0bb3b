/* strncasecmp: strncmp ignoring ASCII case. */
#include <ctype.h>
#include <strings.h>

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const void *)a, *q = (const void *)b;

	for (; n; n--, p++, q++) {
		int d = tolower(*p) - tolower(*q);

		if (d || !*p)
			return d;
	}
	return 0;
}
