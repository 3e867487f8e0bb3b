/* Console messages of @uk/netdev-core, written without a libc. */
#include <uk/plat.h>
#include "core.h"

void nd_say3(const char *a, const char *b, const char *c)
{
	uk_plat_console_puts(a);
	uk_plat_console_puts(b);
	uk_plat_console_puts(c);
}
