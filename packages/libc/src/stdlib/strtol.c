/* strtol, strtoll, strtoimax: signed integers from text. */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>

#include "libc_impl.h"

long strtol(const char *restrict s, char **restrict end, int base)
{
	return (long)__uk_strto_signed(s, end, base, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	return __uk_strto_signed(s, end, base, LLONG_MIN, LLONG_MAX);
}

intmax_t strtoimax(const char *restrict s, char **restrict end, int base)
{
	return __uk_strto_signed(s, end, base, INTMAX_MIN, INTMAX_MAX);
}
