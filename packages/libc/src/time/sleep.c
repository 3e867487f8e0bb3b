/*
 * nanosleep, clock_nanosleep, usleep, sleep and sched_yield. Sleeps are
 * never interrupted (there are no signals), so rem is always zero.
 */
#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <uk/plat.h>
#include "sched_hooks.h"

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

static void sleep_ns(uint64_t ns)
{
	uint64_t now = uk_plat_monotonic_ns();

	__uk_libc_sleep_until(ns > UINT64_MAX - 1 - now ? UINT64_MAX - 1 : now + ns);
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	if (req->tv_nsec < 0 || req->tv_nsec >= 1000000000L || req->tv_sec < 0)
		return EINVAL;
	if (clk != CLOCK_MONOTONIC && clk != CLOCK_REALTIME && clk != CLOCK_BOOTTIME)
		return EINVAL;
	if (flags & TIMER_ABSTIME) {
		uint64_t want = ts_ns(req);
		uint64_t now = clk == CLOCK_REALTIME ? uk_plat_wall_ns() : uk_plat_monotonic_ns();
		if (want > now)
			sleep_ns(want - now);
	} else {
		sleep_ns(ts_ns(req));
	}
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	int rc = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);

	if (rc) {
		errno = rc;
		return -1;
	}
	return 0;
}

int usleep(useconds_t usec)
{
	sleep_ns((uint64_t)usec * 1000ull);
	return 0;
}

unsigned int sleep(unsigned int seconds)
{
	sleep_ns((uint64_t)seconds * 1000000000ull);
	return 0;
}

int sched_yield(void)
{
	if (uk_thread_yield)
		uk_thread_yield();
	return 0;
}
