/*
 * The booter reports init failures and (optionally) boot time before any
 * libc is guaranteed to be there, so it formats the few things it prints
 * itself, straight to the platform console.
 */
#include <uk/plat.h>
#include "print.h"

void uk_booter_puts(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

void uk_booter_putu(uint64_t v)
{
	char buf[21];
	int i = sizeof(buf);
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	uk_plat_console_write(&buf[i], sizeof(buf) - i);
}
