/* Console messages of @uk/netdev-core, without a libc. */
#include <uk/plat.h>
#include "core.h"

static void say(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

void nd_say3(const char *a, const char *b, const char *c)
{
	say(a);
	say(b);
	say(c);
}
