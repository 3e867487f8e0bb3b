/* clock_gettime, clock_getres and time over the platform's clocks. */
#include <errno.h>
#include <time.h>
#include <uk/plat.h>

static int clock_ns(clockid_t clk, uint64_t *ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
		*ns = uk_plat_wall_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		*ns = uk_plat_monotonic_ns();
		return 0;
	default:
		errno = EINVAL;
		return -1;
	}
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
	time_t now = (time_t)(uk_plat_wall_ns() / 1000000000ull);

	if (t)
		*t = now;
	return now;
}
