/*
 * The one sleep every libc sleep function ends in. With a scheduler, only
 * the calling thread blocks. Without one, the image has nothing else to do:
 * arm the platform's one-shot timer and idle until the deadline, so even a
 * single-threaded sleep does not spin the host CPU.
 */
#include <uk/plat.h>
#include "sched_hooks.h"

static void timer_noop(void)
{
}

void __uk_libc_sleep_until(uint64_t deadline)
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
