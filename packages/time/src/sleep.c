/*
 * The one sleep every C library's sleep functions end in. With a
 * scheduler, only the calling thread blocks. Without one, the image has
 * nothing else to do: arm the platform's one-shot timer and idle until
 * the deadline, so even a single-threaded sleep does not spin the host
 * CPU. The scheduler's entry points are weak references (NULL without
 * @uk/sched), declared here so this library requires no scheduler API.
 */
#include <uk/plat.h>
#include <uk/time.h>

extern void uk_thread_sleep_until(uint64_t deadline) __attribute__((weak));
extern void uk_thread_yield(void) __attribute__((weak));

static void timer_noop(void)
{
}

void uk_time_sleep_until(uint64_t deadline)
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

void uk_time_sleep_ns(uint64_t ns)
{
	uint64_t now = uk_plat_monotonic_ns();

	/* UINT64_MAX is the scheduler's "forever"; a sleep ends one before it. */
	uk_time_sleep_until(ns > UINT64_MAX - 1 - now ? UINT64_MAX - 1 : now + ns);
}

int uk_time_clock_sleep(int clk, int absolute, uint64_t ns)
{
	uint64_t now;

	if (clk != UK_TIME_CLOCK_REALTIME && clk != UK_TIME_CLOCK_MONOTONIC && clk != UK_TIME_CLOCK_BOOTTIME)
		return -UK_TIME_EINVAL;
	if (!absolute) {
		uk_time_sleep_ns(ns);
		return 0;
	}
	now = clk == UK_TIME_CLOCK_REALTIME ? uk_plat_wall_ns() : uk_plat_monotonic_ns();
	if (ns > now)
		uk_time_sleep_ns(ns - now);
	return 0;
}

void uk_time_yield(void)
{
	if (uk_thread_yield)
		uk_thread_yield();
}
