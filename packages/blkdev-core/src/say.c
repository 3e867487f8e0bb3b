/* Console messages of @uk/blkdev-core, written without a libc. */
#include <uk/plat.h>
#include "core.h"

static void say(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	if (n)
		uk_plat_console_write(s, n);
}

void blk_say3(const char *a, const char *b, const char *c)
{
	say(a);
	say(b);
	say(c);
}
