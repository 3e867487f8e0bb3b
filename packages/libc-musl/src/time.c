/*
 * The clocks and sleeping, over @uk/plat (and the scheduler when one is
 * linked, through weak references, as @uk/libc does). musl would ask the
 * kernel; here the kernel's answer for these calls (@uk/posix-process) is
 * itself made of the C library's functions, so musl's versions would call
 * themselves. These take their place: __clock_gettime is what musl's
 * time(), gettimeofday() and friends call.
 */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>
#include <uk/plat.h>

extern void uk_thread_sleep_until(uint64_t deadline) __attribute__((__weak__));
extern void uk_thread_yield(void) __attribute__((__weak__));

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
		return EINVAL;
	}
}

int __clock_gettime(clockid_t clk, struct timespec *ts)
{
	uint64_t ns;
	int e = clock_ns(clk, &ns);

	if (e) {
		errno = e;
		return -1;
	}
	ts->tv_sec = (time_t)(ns / 1000000000ull);
	ts->tv_nsec = (long)(ns % 1000000000ull);
	return 0;
}

int clock_gettime(clockid_t clk, struct timespec *ts) __attribute__((__alias__("__clock_gettime")));

int clock_getres(clockid_t clk, struct timespec *res)
{
	uint64_t ns;
	int e = clock_ns(clk, &ns);

	if (e) {
		errno = e;
		return -1;
	}
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

static void timer_noop(void)
{
}

/* Sleep until the monotonic time deadline: in the scheduler, or idling the CPU between timer interrupts. */
static void sleep_until(uint64_t deadline)
{
	static int timer_ready;

	if (uk_thread_sleep_until) {
		uk_thread_sleep_until(deadline);
		return;
	}
	if (!timer_ready) {
		uk_plat_timer_set_handler(timer_noop);
		timer_ready = 1;
	}
	while (uk_plat_monotonic_ns() < deadline) {
		unsigned long f = uk_plat_irq_save();

		uk_plat_timer_set_deadline(deadline);
		if (uk_plat_monotonic_ns() < deadline)
			uk_plat_idle();
		uk_plat_irq_restore(f);
	}
	uk_plat_timer_set_deadline(UK_PLAT_TIMER_NONE);
}

int __clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	uint64_t now, deadline, want;

	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC)
		return EINVAL;
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L)
		return EINVAL;
	want = (uint64_t)req->tv_sec * 1000000000ull + (uint64_t)req->tv_nsec;
	now = clk == CLOCK_REALTIME ? uk_plat_wall_ns() : uk_plat_monotonic_ns();
	if (flags & TIMER_ABSTIME)
		want = want > now ? want - now : 0;
	deadline = uk_plat_monotonic_ns() + want;
	sleep_until(deadline);
	if (rem && !(flags & TIMER_ABSTIME))
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

int clock_nanosleep(clockid_t, int, const struct timespec *, struct timespec *) __attribute__((__alias__("__clock_nanosleep")));

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	int e = __clock_nanosleep(CLOCK_REALTIME, 0, req, rem);

	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

int sched_yield(void)
{
	if (uk_thread_yield)
		uk_thread_yield();
	return 0;
}
