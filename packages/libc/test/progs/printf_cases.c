/*
 * Differential printf test: runs every case of the generated cases.h
 * through snprintf and prints the result. Built twice, against uk's libc
 * and against the host's glibc; the Vitest test compares the two outputs.
 * Also a few hand-written cases that tables cannot express (several
 * conversions, %n, truncation, the other printf entry points).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "check.h"

/* The cases pass what gcc's format checker flags on purpose (%5%, lengths
 * that do not match the argument, flags a conversion ignores): both C
 * libraries must print them the same. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"

static char buf[8192];

static double d_of(uint64_t bits)
{
	double d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

static void out(const char *kind, size_t i, int n)
{
	printf("%s%zu %d [%s]\n", kind, i, n, buf);
}

static int via_vsnprintf(char *b, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b, size, fmt, ap);
	va_end(ap);
	return n;
}

static void fixed_cases(void)
{
	int n1 = -1, n2 = -1, n;
	signed char hh = 0;
	short h = 0;
	long long ll = 0;

	n = snprintf(buf, sizeof(buf), "%s=%d,%5.2f|%-4c|%x%%", "key", -17, 3.14159, 'q', 255u);
	out("fixed", 0, n);
	n = snprintf(buf, sizeof(buf), "ab%ncde%nfg", &n1, &n2);
	printf("fixed1 %d [%s] %d %d\n", n, buf, n1, n2);
	n = snprintf(buf, sizeof(buf), "12345%hhn67%hn8%lln9", &hh, &h, &ll);
	printf("fixed2 %d [%s] %d %d %lld\n", n, buf, hh, h, ll);

	/* Truncation: the return value is the full length; always terminated. */
	memset(buf, 'X', 16);
	n = snprintf(buf, 5, "%d-%s", 123456, "abc");
	printf("fixed3 %d [%s]\n", n, buf);
	memset(buf, 'X', 16);
	n = snprintf(buf, 1, "hello");
	printf("fixed4 %d [%s]\n", n, buf);
	memset(buf, 'X', 16);
	buf[15] = 0;
	n = snprintf(buf, 0, "hello");
	printf("fixed5 %d [%s]\n", n, buf);
	n = snprintf(NULL, 0, "%0*d", 300, 1);
	printf("fixed6 %d\n", n);
	n = via_vsnprintf(buf, 8, "%s %s", "truncated", "here");
	out("fixed", 7, n);
	n = sprintf(buf, "%5s|%-5s|%05.1f", "ab", "cd", -2.25);
	out("fixed", 8, n);
	n = snprintf(buf, sizeof(buf), "%5%|%-5%|%%");
	out("fixed", 9, n);
	n = snprintf(buf, sizeof(buf), "%.3d|%.3x|%3.3d|%-3.3d", -5, 5u, 7, 7);
	out("fixed", 10, n);
	n = snprintf(buf, sizeof(buf), "%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	out("fixed", 11, n);
	n = snprintf(buf, sizeof(buf), "%lc%c%c", 'w', 'x', 0x100 + 'y');
	out("fixed", 12, n);
	n = snprintf(buf, sizeof(buf), "%Lf %Le %Lg", 1.5L, -2.25L, 1e-5L);
	out("fixed", 13, n);
	n = printf("direct printf %d %s %.2f\n", 42, "ok", 2.5);
	printf("fixed14 %d\n", n);
	n = fprintf(stdout, "fprintf %05d\n", -42);
	printf("fixed15 %d\n", n);
	n = puts("puts line");
	printf("fixed16 %d\n", n >= 0);
	n = fputs("fputs text|", stdout);
	putchar('\n');
	printf("fixed17 %d\n", n >= 0);
	n = (int)fwrite("fwrite bytes\n", 1, 13, stdout);
	printf("fixed18 %d\n", n);
	fflush(stdout);
}

int ENTRY(void)
{
	for (size_t i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++)
		out("d", i, snprintf(buf, sizeof(buf), dcases[i].f, d_of(dcases[i].bits)));
	for (size_t i = 0; i < sizeof(icases) / sizeof(icases[0]); i++)
		out("i", i, snprintf(buf, sizeof(buf), icases[i].f, (int)icases[i].v));
	for (size_t i = 0; i < sizeof(llcases) / sizeof(llcases[0]); i++)
		out("ll", i, snprintf(buf, sizeof(buf), llcases[i].f, llcases[i].v));
	for (size_t i = 0; i < sizeof(scases) / sizeof(scases[0]); i++)
		out("s", i, snprintf(buf, sizeof(buf), scases[i].f, scases[i].s));
	for (size_t i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++)
		out("p", i, snprintf(buf, sizeof(buf), pcases[i].f, (void *)(uintptr_t)pcases[i].v));
	for (size_t i = 0; i < sizeof(stard) / sizeof(stard[0]); i++)
		out("*d", i, snprintf(buf, sizeof(buf), stard[i].f, stard[i].w, stard[i].p, d_of(stard[i].bits)));
	for (size_t i = 0; i < sizeof(stari) / sizeof(stari[0]); i++)
		out("*i", i, snprintf(buf, sizeof(buf), stari[i].f, stari[i].w, stari[i].v));
	for (size_t i = 0; i < sizeof(ldcases) / sizeof(ldcases[0]); i++)
		out("L", i, snprintf(buf, sizeof(buf), ldcases[i].f, (long double)d_of(ldcases[i].bits)));
	fixed_cases();
	return 0;
}
