/*
 * Conversions and algorithms of <stdlib.h>: strto* over edge cases (bases,
 * prefixes, signs, overflow, endptr), strtod over awkward input and random
 * round trips, qsort/bsearch, div, abs, atoi. Printed for comparison with
 * glibc; self-checks for what must hold regardless (sortedness, rand range).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *ints[] = {
	"0", "1", "-1", "+1", "42abc", "  \t\n 17", "-", "+", "", "   ", "0x", "0x1g", "0X1F", "0x7fffffffffffffff",
	"0x8000000000000000", "0xffffffffffffffff", "0x10000000000000000", "-0x8000000000000000",
	"-0x8000000000000001", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
	"-9223372036854775809", "18446744073709551615", "18446744073709551616", "99999999999999999999999",
	"-18446744073709551615", "-18446744073709551616", "0777", "0778", "08", "z", "Z", "zz", "1010", "-0",
	"2147483647", "2147483648", "-2147483649", "4294967295", "4294967296", "0b101", "x12", " -0x12",
};

static const int bases[] = { 0, 2, 8, 10, 16, 36, 1, 37 };

static const char *floats[] = {
	"0", "-0", "1", "1.5", ".5", "5.", ".", "-.", "1e10", "1e", "1e+", "1e-5x", "1.25E+2", "  +3.75",
	"inf", "-INF", "infinity", "infinit", "nan", "NaN(123)", "nan(", "1e400", "-1e400", "1e-400", "4.9e-324",
	"2.4e-324", "2.5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "1.7976931348623159e308",
	"0.1", "0.30000000000000004", "123456789012345678901234567890", "0.000000000000000000000000001234",
	"3.141592653589793238462643383279", "0x1p-2", "0x1.8p1", "0X.8P+1", "0x", "0xg", "0x1.fffffffffffffp1023",
	"-0x1p-1074", "1_000", "12e3.5", "9007199254740993", "1e22", "1e23", "8.98846567431158e307",
};

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct rec {
	char name[12];
	int key;
};

static int cmp_rec(const void *a, const void *b)
{
	return strcmp(((const struct rec *)a)->name, ((const struct rec *)b)->name);
}

static uint64_t rng = 0x123456789abcdefull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void test_strtol(void)
{
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *end;
			long l;
			unsigned long ul;
			int e1, e2;

			errno = 0;
			l = strtol(ints[i], &end, bases[b]);
			e1 = errno;
			printf("strtol %zu %d %ld %ld %d", i, bases[b], l, (long)(end - ints[i]), e1);
			errno = 0;
			ul = strtoul(ints[i], &end, bases[b]);
			e2 = errno;
			printf(" strtoul %lu %ld %d", ul, (long)(end - ints[i]), e2);
			errno = 0;
			printf(" ll %lld ull %llu", strtoll(ints[i], NULL, bases[b]), strtoull(ints[i], NULL, bases[b]));
			printf(" imax %jd umax %ju", strtoimax(ints[i], NULL, bases[b]), strtoumax(ints[i], NULL, bases[b]));
			printf(" errno %d\n", errno);
		}
		printf("atoi %zu %d %ld %lld\n", i, atoi(ints[i]), atol(ints[i]), atoll(ints[i]));
	}
}

static void test_strtod(void)
{
	char buf[64];

	for (size_t i = 0; i < sizeof(floats) / sizeof(floats[0]); i++) {
		char *end;
		double d;

		errno = 0;
		d = strtod(floats[i], &end);
		/* glibc sets ERANGE for denormal results too; only overflow and
		 * underflow to zero are compared. */
		printf("strtod %zu %.17g %a %ld %d %g\n", i, d, d, (long)(end - floats[i]),
		       errno == ERANGE && (d == 0 || d > 1e308 || d < -1e308), atof(floats[i]));
		printf("strtof %zu %.9g\n", i, (double)strtof(floats[i], NULL));
	}
	/* %.17g of a double must read back as the same double. */
	for (int i = 0; i < 20000; i++) {
		uint64_t bits = next();
		double d, back;

		if (((bits >> 52) & 0x7ff) == 0x7ff)
			continue;
		memcpy(&d, &bits, sizeof(d));
		snprintf(buf, sizeof(buf), "%.17g", d);
		back = strtod(buf, NULL);
		if (memcmp(&back, &d, sizeof(d))) {
			printf("FAIL roundtrip %s -> %a\n", buf, back);
			failures++;
		}
		snprintf(buf, sizeof(buf), "%a", d);
		back = strtod(buf, NULL);
		if (memcmp(&back, &d, sizeof(d))) {
			printf("FAIL hex roundtrip %s -> %a\n", buf, back);
			failures++;
		}
	}
	/* Short decimal strings: the common input; compared with glibc. */
	for (int i = 0; i < 3000; i++) {
		int digits = (int)(next() % 16) + 1, exp = (int)(next() % 80) - 40;
		uint64_t m = next() % 10000000000000000ull;
		double d;

		/* a digits-long mantissa with the point somewhere inside */
		snprintf(buf, sizeof(buf), "%0*llu", digits, (unsigned long long)m);
		if (digits > 17)
			buf[17] = 0;
		{
			size_t len = strlen(buf), at = (size_t)(next() % (len + 1));

			memmove(buf + at + 1, buf + at, len - at + 1);
			buf[at] = '.';
			snprintf(buf + len + 1, sizeof(buf) - len - 1, "e%d", exp);
		}
		d = strtod(buf, NULL);
		printf("dec %s %a\n", buf, d);
	}
}

static void test_sort(void)
{
	static int a[1000], b[1000];
	struct rec r[] = { { "pear", 1 }, { "apple", 2 }, { "fig", 3 }, { "kiwi", 4 }, { "banana", 5 },
			   { "cherry", 6 }, { "date", 7 } };

	for (int n = 0; n <= 1000; n = n ? n * 3 : 1) {
		for (int i = 0; i < n; i++)
			a[i] = b[i] = (int)(next() % 100) - 50;
		qsort(a, (size_t)n, sizeof(int), cmp_int);
		for (int i = 1; i < n; i++)
			CHECK(a[i - 1] <= a[i]);
		/* same multiset: sort b with a simple insertion sort and compare */
		for (int i = 1; i < n; i++)
			for (int j = i; j > 0 && b[j - 1] > b[j]; j--) {
				int t = b[j];

				b[j] = b[j - 1];
				b[j - 1] = t;
			}
		CHECK(memcmp(a, b, sizeof(int) * (size_t)n) == 0);
		for (int k = -51; k <= 51 && n; k += 3) {
			int *hit = bsearch(&k, a, (size_t)n, sizeof(int), cmp_int);
			int present = 0;

			for (int i = 0; i < n; i++)
				present |= a[i] == k;
			CHECK(present ? hit && *hit == k : !hit);
		}
	}
	qsort(r, sizeof(r) / sizeof(r[0]), sizeof(r[0]), cmp_rec);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		printf("qsort %s %d\n", r[i].name, r[i].key);
	{
		struct rec key = { "fig", 0 }, *hit = bsearch(&key, r, 7, sizeof(r[0]), cmp_rec);

		printf("bsearch %d\n", hit ? hit->key : -1);
		strcpy(key.name, "grape");
		printf("bsearch_miss %d\n", bsearch(&key, r, 7, sizeof(r[0]), cmp_rec) == NULL);
	}
}

static void test_misc(void)
{
	div_t d = div(-7, 2);
	ldiv_t ld = ldiv(7L, -2L);
	lldiv_t lld = lldiv(-9000000000LL, 7LL);

	printf("div %d %d %ld %ld %lld %lld\n", d.quot, d.rem, ld.quot, ld.rem, lld.quot, lld.rem);
	printf("abs %d %d %ld %lld %jd\n", abs(-5), abs(INT_MAX), labs(-LONG_MAX), llabs(-3LL), imaxabs(-4));
	printf("getenv %d\n", getenv("PATH") == NULL || 1);
	srand(42);
	for (int i = 0; i < 1000; i++) {
		int r = rand();

		CHECK(r >= 0 && r <= RAND_MAX);
	}
	{
		int first, again;

		srand(7);
		first = rand();
		srand(7);
		again = rand();
		CHECK(first == again);
	}
}

int ENTRY(void)
{
	test_strtol();
	test_strtod();
	test_sort();
	test_misc();
	return checks_done();
}
