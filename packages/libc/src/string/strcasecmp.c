/* strcasecmp: strcmp ignoring ASCII case. */
#include <ctype.h>
#include <strings.h>

int strcasecmp(const char *a, const char *b)
{
	const unsigned char *p = (const void *)a, *q = (const void *)b;

	while (*p && tolower(*p) == tolower(*q)) {
		p++;
		q++;
	}
	return tolower(*p) - tolower(*q);
}
