/*
 * Timer and idle on linuxu. There are no interrupts in a linuxu image: the
 * only asynchronous event a cooperative scheduler waits for is its own
 * deadline, so "halting until the timer" is a host sleep until that
 * deadline (clock_nanosleep on CLOCK_MONOTONIC, absolute, so an EINTR just
 * sleeps again), after which the handler is called as the interrupt would.
 * An idle image therefore costs the host nothing.
 */
#include <uk/plat.h>
#include "syscall.h"

#define CLOCK_MONOTONIC 1
#define TIMER_ABSTIME 1
#define LINUX_EINTR 4

struct linux_timespec {
	long tv_sec;
	long tv_nsec;
};

static uk_plat_timer_fn handler;
static uint64_t deadline = UK_PLAT_TIMER_NONE;
/* "Interrupts" here only gate the handler; kept for the same nesting rules. */
static unsigned long irq_enabled = 1;

void uk_plat_timer_set_handler(uk_plat_timer_fn fn)
{
	handler = fn;
}

void uk_plat_timer_set_deadline(uint64_t monotonic_ns)
{
	deadline = monotonic_ns;
}

unsigned long uk_plat_irq_save(void)
{
	unsigned long old = irq_enabled;

	irq_enabled = 0;
	return old;
}

void uk_plat_irq_restore(unsigned long flags)
{
	irq_enabled = flags;
}

void uk_plat_idle(void)
{
	if (deadline == UK_PLAT_TIMER_NONE) {
		/* Nothing can wake us: sleep a while and let the caller re-check. */
		struct linux_timespec ts = { 1, 0 };
		linux_syscall4(LINUX_SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, (long)&ts, 0);
		return;
	}
	struct linux_timespec ts = {
		(long)(deadline / 1000000000ull),
		(long)(deadline % 1000000000ull),
	};
	while (linux_syscall4(LINUX_SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME,
			      (long)&ts, 0) == -LINUX_EINTR)
		;
	if (uk_plat_monotonic_ns() >= deadline) {
		deadline = UK_PLAT_TIMER_NONE; /* one-shot */
		if (handler)
			handler();
	}
}

/* No device interrupts on linuxu: drivers poll or complete synchronously. */
int uk_plat_irq_sources(void)
{
	return 0;
}
