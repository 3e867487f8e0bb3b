/* Console messages of @uk/vfs (boot errors), written without stdio. */
#include <string.h>
#include <uk/plat.h>

#include "say.h"

void vfs_say(const char *a, const char *b, const char *c)
{
	uk_plat_console_write(a, strlen(a));
	uk_plat_console_write(b, strlen(b));
	uk_plat_console_write(c, strlen(c));
}

void vfs_fmt_key(char *buf, size_t size, const char *prefix, int i)
{
	char digits[12];
	int n = 0;
	size_t len = strlen(prefix);

	do {
		digits[n++] = (char)('0' + i % 10);
		i /= 10;
	} while (i && n < (int)sizeof(digits));
	if (len + (size_t)n + 1 > size) {
		buf[0] = 0;
		return;
	}
	memcpy(buf, prefix, len);
	while (n)
		buf[len++] = digits[--n];
	buf[len] = 0;
}
