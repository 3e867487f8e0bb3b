/*
 * strtod, strtof, strtold, atof: decimal and hexadecimal floating point,
 * inf and nan.
 *
 * Decimal: up to 19 significant digits are gathered exactly in a uint64.
 * When the digits fit in 53 bits and the power of ten is at most 10^22,
 * both are exact doubles and one multiply or divide rounds correctly.
 * Otherwise the scaling is done in x87 long double (64-bit significand),
 * whose few bits of error vanish when rounding to double except for inputs
 * within a hair of a halfway point. That covers every string printf's %.17g
 * produces (they round-trip) and ordinary input; it is not a fully
 * correctly rounded strtod for adversarial input.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

static const double exact_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* 10^n for 0 <= n < 8192, by squaring (10^(2^k) are exact or correctly
 * rounded long double constants). */
static long double pow10l(int n)
{
	static const long double sq[] = { 1e1L, 1e2L, 1e4L, 1e8L, 1e16L, 1e32L, 1e64L,
					   1e128L, 1e256L, 1e512L, 1e1024L, 1e2048L, 1e4096L };
	long double r = 1;

	for (int k = 0; n; k++, n >>= 1)
		if (n & 1)
			r *= sq[k];
	return r;
}

static int hexval(int c)
{
	if (isdigit(c))
		return c - '0';
	if ((unsigned)((c | 32) - 'a') < 6)
		return (c | 32) - 'a' + 10;
	return -1;
}

/* Parse an exponent ("e-12", "p+3") at p if there is one; returns its value
 * saturated to +-100000, and leaves p alone when it is not well-formed. */
static long parse_exp(const char **pp)
{
	const char *p = *pp + 1;
	int neg = 0;
	long e = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return 0;
	for (; isdigit((unsigned char)*p); p++)
		if (e < 100000)
			e = e * 10 + (*p - '0');
	*pp = p;
	return neg ? -e : e;
}

static long double scale2(long double r, long e)
{
	for (; e > 60; e -= 60)
		r *= 0x1p60L;
	for (; e < -60; e += 60)
		r *= 0x1p-60L;
	return r * (e >= 0 ? (long double)(1ull << e) : 1.0L / (long double)(1ull << -e));
}

static double parse_hex(const char *p, const char **endp)
{
	uint64_t m = 0;
	long e = 0;
	int any = 0, point = 0, sticky = 0;

	for (;; p++) {
		int d;

		if (*p == '.' && !point) {
			point = 1;
			continue;
		}
		d = hexval((unsigned char)*p);
		if (d < 0)
			break;
		any = 1;
		if (m >> 60) {
			/* no room: the digit only shifts the value, or is sticky */
			sticky |= d != 0;
			if (!point)
				e += 4;
		} else {
			m = m * 16 + (uint64_t)d;
			if (point)
				e -= 4;
		}
	}
	if (!any)
		return *endp = NULL, 0;
	if ((*p | 32) == 'p')
		e += parse_exp(&p);
	*endp = p;
	/* A sticky bit below the kept digits keeps rounding honest. */
	if (sticky && !(m >> 63)) {
		m = m << 1 | 1;
		e--;
	}
	return (double)scale2((long double)m, e);
}

double strtod(const char *restrict s, char **restrict end)
{
	const char *p = s;
	uint64_t m = 0;
	int neg = 0, any = 0, point = 0, ndig = 0;
	long e10 = 0;
	double v;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';

	if (!strncasecmp(p, "inf", 3)) {
		p += strncasecmp(p, "infinity", 8) ? 3 : 8;
		v = __builtin_inf();
		goto done;
	}
	if (!strncasecmp(p, "nan", 3)) {
		p += 3;
		if (*p == '(') {
			const char *q = p + 1;

			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			if (*q == ')')
				p = q + 1;
		}
		v = __builtin_nan("");
		goto done;
	}
	if (p[0] == '0' && (p[1] | 32) == 'x') {
		const char *q;

		v = parse_hex(p + 2, &q);
		if (q) {
			p = q;
			goto done;
		}
		/* "0x" with no hex digits: just the 0 */
		p++;
		v = 0;
		goto done;
	}

	for (;; p++) {
		if (*p == '.' && !point) {
			point = 1;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			break;
		any = 1;
		if (!m && *p == '0') {
			if (point)
				e10--; /* leading zeros after the point only scale */
			continue;
		}
		if (ndig < 19) {
			m = m * 10 + (uint64_t)(*p - '0');
			ndig++;
			if (point)
				e10--;
		} else if (!point) {
			e10++; /* dropped integer digit */
		}
	}
	if (!any) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	if ((*p | 32) == 'e')
		e10 += parse_exp(&p);

	if (!m) {
		v = 0;
	} else if (m < (1ull << 53) && e10 >= -22 && e10 <= 22) {
		v = e10 >= 0 ? (double)m * exact_pow10[e10] : (double)m / exact_pow10[-e10];
	} else if (e10 + ndig > 310) {
		v = __builtin_inf();
	} else if (e10 + ndig < -330) {
		v = 0;
	} else {
		long double r = (long double)m;

		r = e10 >= 0 ? r * pow10l((int)e10) : r / pow10l((int)-e10);
		v = (double)r;
	}
	if (m && (v == 0 || v == __builtin_inf()))
		errno = ERANGE;

done:
	if (end)
		*end = (char *)p;
	return neg ? -v : v;
}

float strtof(const char *restrict s, char **restrict end)
{
	return (float)strtod(s, end);
}

long double strtold(const char *restrict s, char **restrict end)
{
	return strtod(s, end);
}

double atof(const char *s)
{
	return strtod(s, NULL);
}
