/* strtoul, strtoull, strtoumax: unsigned integers from text. */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

#include "libc_impl.h"

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	return (unsigned long)__uk_strto_unsigned(s, end, base, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
	return __uk_strto_unsigned(s, end, base, ULLONG_MAX);
}

uintmax_t strtoumax(const char *restrict s, char **restrict end, int base)
{
	return __uk_strto_unsigned(s, end, base, UINTMAX_MAX);
}
