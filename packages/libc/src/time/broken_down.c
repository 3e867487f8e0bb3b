/*
 * Broken-down time: gmtime and timegm convert between seconds since the
 * epoch and calendar fields of the proleptic Gregorian calendar. uk has
 * no time zones, so localtime is gmtime and mktime is timegm (tm_isdst 0,
 * zone "UTC"). Dates are counted in 400-year eras of 146,097 days with
 * years starting on 1 March, so the leap day falls at the end of a year.
 */
#include <errno.h>
#include <limits.h>
#include <time.h>

#define DAY 86400L
/* Days from 0000-03-01 to 1970-01-01. */
#define EPOCH_SHIFT 719468L

static long floor_div(long a, long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days since 1970-01-01 of year y, month m (1..12), day 1. */
static long days_from_civil(long y, int m)
{
	long era, yoe, doy;

	if (m <= 2)
		y--;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - EPOCH_SHIFT;
}

struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	long days = floor_div(*t, DAY), secs = *t - days * DAY;
	long z = days + EPOCH_SHIFT, era = floor_div(z, 146097), doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	long y = yoe + era * 400 + (m <= 2);

	if (y - 1900 > INT_MAX || y - 1900 < INT_MIN) {
		errno = EOVERFLOW;
		return 0;
	}
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = m - 1;
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_yday = (int)(days - days_from_civil(y, 1));
	tm->tm_wday = (int)(((days + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_isdst = 0;
	tm->tm_gmtoff = 0;
	tm->tm_zone = "UTC";
	return tm;
}

struct tm *localtime_r(const time_t *restrict t, struct tm *restrict tm)
{
	return gmtime_r(t, tm);
}

static struct tm shared_tm;

struct tm *gmtime(const time_t *t)
{
	return gmtime_r(t, &shared_tm);
}

struct tm *localtime(const time_t *t)
{
	return gmtime_r(t, &shared_tm);
}

/* Fields out of range (month 14, second -5...) carry over, as in C's mktime. */
time_t timegm(struct tm *tm)
{
	long mon = tm->tm_mon, y = (long)tm->tm_year + 1900 + floor_div(mon, 12);
	long days;
	time_t t;

	mon -= floor_div(mon, 12) * 12;
	days = days_from_civil(y, (int)mon + 1) + tm->tm_mday - 1;
	t = days * DAY + tm->tm_hour * 3600L + tm->tm_min * 60L + tm->tm_sec;
	if (!gmtime_r(&t, tm))
		return (time_t)-1;
	return t;
}

time_t mktime(struct tm *tm)
{
	return timegm(tm);
}
