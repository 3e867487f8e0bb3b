/*
 * Time as an ordinary program uses it: the monotonic clock moves forward,
 * a 50 ms nanosleep lasts at least that (and not seconds), the wall clock
 * is a plausible date and agrees with time() and gettimeofday(), and a
 * fixed instant formats the same everywhere (gmtime, strftime, mktime).
 */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(void)
{
	struct timespec a, b, wall, nap = { 0, 50000000 }, res;
	struct timeval tv;
	time_t fixed = 1700000000, now;
	struct tm tm;
	char buf[64];
	long long slept;

	clock_gettime(CLOCK_MONOTONIC, &a);
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	slept = ns(&b) - ns(&a);
	printf("slept at least 50 ms: %d, under 2 s: %d\n", slept >= 50000000LL, slept < 2000000000LL);
	clock_gettime(CLOCK_REALTIME, &wall);
	gettimeofday(&tv, NULL);
	now = time(NULL);
	printf("wall clock after 2024: %d, time() agrees: %d, gettimeofday agrees: %d\n", wall.tv_sec > 1704067200,
	       now - wall.tv_sec < 2 && wall.tv_sec - now < 2, tv.tv_sec - wall.tv_sec < 2 && wall.tv_sec - tv.tv_sec < 2);
	printf("monotonic resolution at most 1 ms: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(&res) <= 1000000);
	gmtime_r(&fixed, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a %j", &tm);
	printf("gmtime(1700000000) = %s\n", buf);
	tm.tm_mday += 30;
	tm.tm_isdst = 0;
	printf("timegm 30 days later = %lld\n", (long long)timegm(&tm));
	return 0;
}
