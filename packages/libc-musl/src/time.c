/*
 * The clocks and sleeping: musl's names over @uk/time, the work @uk/libc
 * does its own on too. musl would ask the kernel; here the kernel's answer
 * for these calls (@uk/posix-process) is itself made of the C library's
 * functions, so musl's versions would call themselves. __clock_gettime is
 * what musl's time(), gettimeofday() and friends call.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
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

int __clock_gettime(clockid_t clk, struct timespec *ts)
{
	uint64_t ns;

	if (clock_ns(clk, &ns))
		return -1;
	ts->tv_sec = (time_t)(ns / 1000000000ull);
	ts->tv_nsec = (long)(ns % 1000000000ull);
	return 0;
}

int clock_gettime(clockid_t clk, struct timespec *ts) __attribute__((__alias__("__clock_gettime")));

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

int __clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	int rc;

	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L)
		return EINVAL;
	rc = uk_time_clock_sleep(clk, flags & TIMER_ABSTIME, (uint64_t)req->tv_sec * 1000000000ull + (uint64_t)req->tv_nsec);
	if (rc)
		return -rc;
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

int clock_nanosleep(clockid_t, int, const struct timespec *, struct timespec *) __attribute__((__alias__("__clock_nanosleep")));

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	int e = __clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);

	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

int sched_yield(void)
{
	uk_time_yield();
	return 0;
}
