/*
 * nanosleep, clock_nanosleep, usleep, sleep and sched_yield over @uk/time
 * (the scheduler's sleep when one is linked, else the CPU idles). Sleeps
 * are never interrupted (there are no signals), so rem is always zero.
 */
#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <uk/time.h>

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	int rc;

	if (req->tv_nsec < 0 || req->tv_nsec >= 1000000000L || req->tv_sec < 0)
		return EINVAL;
	rc = uk_time_clock_sleep(clk, flags & TIMER_ABSTIME, (uint64_t)req->tv_sec * 1000000000ull + (uint64_t)req->tv_nsec);
	if (rc)
		return -rc;
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
	uk_time_sleep_ns((uint64_t)usec * 1000ull);
	return 0;
}

unsigned int sleep(unsigned int seconds)
{
	uk_time_sleep_ns((uint64_t)seconds * 1000000000ull);
	return 0;
}

int sched_yield(void)
{
	uk_time_yield();
	return 0;
}
