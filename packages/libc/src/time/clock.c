/* clock_gettime, clock_getres and time: the readings are @uk/time's. */
#include <errno.h>
#include <time.h>
#include <uk/time.h>

static int clock_ns(clockid_t clk, uint64_t *ns)
{
	int rc = uk_time_clock_ns(clk, ns);

	if (rc) {
		errno = -rc;
		return -1;
	}
	return 0;
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	uint64_t ns;

	if (clock_ns(clk, &ns))
		return -1;
	ts->tv_sec = (time_t)(ns / 1000000000ull);
	ts->tv_nsec = (long)(ns % 1000000000ull);
	return 0;
}

int clock_getres(clockid_t clk, struct timespec *res)
{
	uint64_t ns;

	if (clock_ns(clk, &ns))
		return -1;
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

time_t time(time_t *t)
{
	uint64_t ns;
	time_t now;

	uk_time_clock_ns(UK_TIME_CLOCK_REALTIME, &ns);
	now = (time_t)(ns / 1000000000ull);
	if (t)
		*t = now;
	return now;
}
