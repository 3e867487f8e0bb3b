/*
 * The one integer parser under strtol, strtoul, strtoll, strtoull (and the
 * imax variants): skips blanks, takes a sign, a 0x or 0 prefix where the
 * base allows, then digits, and reports overflow instead of wrapping.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>

#include "libc_impl.h"

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return (c | 32) - 'a' + 10;
	return 99;
}

unsigned long long __uk_strtox(const char *s, char **end, int base, int *neg, int *overflow)
{
	const char *p = s;
	unsigned long long v = 0;
	int any = 0;

	*neg = 0;
	*overflow = 0;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-' || *p == '+')
		*neg = *p++ == '-';

	/* "0x" counts as a prefix only when a hex digit follows it. */
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' &&
	    digit_value((unsigned char)p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}

	for (;; p++) {
		int d = digit_value((unsigned char)*p);

		if (d >= base)
			break;
		any = 1;
		if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
			*overflow = 1;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return *overflow ? ULLONG_MAX : v;
}

long long __uk_strto_signed(const char *s, char **end, int base, long long min, long long max)
{
	int neg, overflow;
	unsigned long long v = __uk_strtox(s, end, base, &neg, &overflow);
	unsigned long long limit = neg ? 0ull - (unsigned long long)min : (unsigned long long)max;

	if (overflow || v > limit) {
		errno = ERANGE;
		return neg ? min : max;
	}
	return neg ? (long long)(0ull - v) : (long long)v;
}

unsigned long long __uk_strto_unsigned(const char *s, char **end, int base,
				       unsigned long long max)
{
	int neg, overflow;
	unsigned long long v = __uk_strtox(s, end, base, &neg, &overflow);

	if (overflow || v > max) {
		errno = ERANGE;
		return max;
	}
	/* "-1" is ULONG_MAX: the standard negates in the unsigned type. */
	return neg ? (0ull - v) & max : v;
}
