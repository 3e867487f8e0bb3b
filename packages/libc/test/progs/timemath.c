/*
 * Broken-down time and the rounding functions, printed for comparison
 * with glibc (run with TZ=UTC, uk's only zone): gmtime_r, localtime_r and
 * timegm/mktime over dates around the epoch, leap days, centuries and far
 * years, out-of-range fields carried over; fabs, trunc, floor, ceil, sqrt
 * over signed zeros, halves, large values, infinities and NaN; strftime
 * with every conversion over those dates and the days around New Years.
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "check.h"

static const long long times[] = {
	0, -1, 1, 86399, 86400, -86400, -86401, 951782400, 951868800, 4107542400LL, -2208988800LL, 946684799,
	1709164800, 1735689599, 253402300799LL, -62135596800LL, -62167219200LL, 67767976233316800LL, 2147483647,
	-2147483648LL, 1234567890, 4102444800LL, -12219292800LL, 13569465600LL,
};

static void print_tm(const char *what, long long t, const struct tm *tm)
{
	printf("%s %lld %d-%d-%d %d:%d:%d wday %d yday %d dst %d\n", what, t, tm->tm_year, tm->tm_mon, tm->tm_mday,
	       tm->tm_hour, tm->tm_min, tm->tm_sec, tm->tm_wday, tm->tm_yday, tm->tm_isdst);
}

/* 1 January of 2016, 2020, 2021, 2027, 2100, 1900 (00:00 UTC). */
static const long long new_years[] = { 1451606400LL, 1577836800LL, 1609459200LL, 1798761600LL, 4102444800LL, -2208988800LL };

/* Every conversion of strftime (but %Z: glibc names gmtime's zone GMT, uk UTC), years 1000 to 9999. */
static void formatted(long long t)
{
	static const char *const fmt = "%a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %p %P %r %R %s %S "
				       "%t %T %u %U %V %w %W %x %X %y %Y %z %% %-d %_m %0e %Ey %Od";
	char buf[512];
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (tm.tm_year < 1000 - 1900 || tm.tm_year > 9999 - 1900)
		return;
	CHECK(strftime(buf, sizeof(buf), fmt, &tm) > 0);
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = '|';
	printf("strftime %lld %s\n", t, buf);
}

static struct tm broken_down(int year, int mon, int mday, int hour, int min, int sec)
{
	struct tm tm = { 0 };

	tm.tm_year = year;
	tm.tm_mon = mon;
	tm.tm_mday = mday;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	return tm;
}

/* The same fields through timegm and mktime: each normalises its own copy. */
static void fields(int year, int mon, int mday, int hour, int min, int sec)
{
	struct tm tm = broken_down(year, mon, mday, hour, min, sec);
	time_t t = timegm(&tm);

	print_tm("timegm", (long long)t, &tm);
	tm = broken_down(year, mon, mday, hour, min, sec);
	t = mktime(&tm);
	print_tm("mktime", (long long)t, &tm);
}

static void rounding(double x)
{
	printf("round %a fabs %a trunc %a floor %a ceil %a sqrt %a\n", x, fabs(x), trunc(x), floor(x), ceil(x), sqrt(x));
}

int ENTRY(void)
{
	static const double xs[] = { 0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.0, -2.0, 0.49999999999999994, -0.49999999999999994,
				     4503599627370495.5, -4503599627370495.5, 4503599627370496.0, 9007199254740993.0,
				     1e300, -1e300, 123.456, -123.456, 2.0, 1e-310, -1e-310, 1.0 / 0.0, -1.0 / 0.0,
				     9.223372036854775807e18, -9.223372036854775807e18, 1e19, -1e19 };
	size_t i;

	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		time_t t = (time_t)times[i];
		struct tm a, b;

		CHECK(gmtime_r(&t, &a) == &a);
		CHECK(localtime_r(&t, &b) == &b);
		print_tm("gmtime", times[i], &a);
		CHECK(!memcmp(&a, &b, sizeof(a)) || a.tm_year == b.tm_year);
		CHECK(timegm(&a) == t);
	}
	fields(70, 0, 1, 0, 0, 0);
	fields(124, 1, 29, 12, 30, 15);
	fields(123, 1, 29, 0, 0, 0);
	fields(100, 13, 1, 0, 0, 0);
	fields(100, -1, 1, 0, 0, 0);
	fields(99, 11, 31, 23, 59, 60);
	fields(70, 0, 0, 0, 0, -1);
	fields(70, 0, 1, -25, 0, 0);
	fields(0, 0, 1, 0, 0, 0);
	fields(-1900, 0, 1, 0, 0, 0);
	fields(8099, 11, 31, 23, 59, 59);
	fields(70, 0, 400, 0, 0, 0);
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++)
		formatted(times[i]);
	/* Every day around some New Years, where ISO weeks change years (2020 has a week 53). */
	for (long long day = 0; day < 14; day++)
		for (i = 0; i < sizeof(new_years) / sizeof(new_years[0]); i++)
			formatted(new_years[i] + (day - 7) * 86400 + 3600 * day);
	{
		char small[8];
		time_t t = 0;
		struct tm tm;

		gmtime_r(&t, &tm);
		CHECK(strftime(small, sizeof(small), "%Y-%m-%d", &tm) == 0);
		CHECK(strftime(small, sizeof(small), "%H:%M", &tm) == 5 && !strcmp(small, "00:00"));
	}
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
		rounding(xs[i]);
	CHECK(isnan(sqrt(-1.0)));
	CHECK(isnan(floor(NAN)) && isnan(ceil(NAN)) && isnan(trunc(NAN)));
	CHECK(isinf(HUGE_VAL) && isfinite(1.0) && !isfinite(INFINITY));
	CHECK(signbit(trunc(-0.25)) && signbit(ceil(-0.75)) && !signbit(floor(0.75)));
	return checks_done();
}
