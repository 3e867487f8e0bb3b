/*
 * Waiting for readiness. With a scheduler, waiters block on one wait queue
 * that every uk_file_event wakes (few waiters in a unikernel, so one queue
 * beats a queue per file); a cooperative scheduler cannot lose an event
 * between a caller's check and its wait. Without one, nothing runs while
 * we wait except interrupt handlers and the files' own poll operations
 * (a polled driver makes progress inside them), so the wait idles the CPU
 * for at most a millisecond and lets the caller check again.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/file.h>
#include <uk/plat.h>

#include "fdtab_impl.h"
#include "sched_hooks.h"

#define IDLE_SLICE_NS 1000000ull

static struct uk_waitq waiters;
static volatile int event_seen;

void uk_file_event(struct uk_file *f)
{
	(void)f;
	event_seen = 1;
	if (uk_waitq_wake_all)
		uk_waitq_wake_all(&waiters);
}

static void timer_noop(void)
{
}

static void idle_until(uint64_t until)
{
	static int timer_ready;
	unsigned long flags;

	if (!timer_ready) {
		uk_plat_timer_set_handler(timer_noop);
		timer_ready = 1;
	}
	flags = uk_plat_irq_save();
	if (!event_seen && uk_plat_monotonic_ns() < until) {
		uk_plat_timer_set_deadline(until);
		uk_plat_idle();
		uk_plat_timer_set_deadline(UK_PLAT_TIMER_NONE);
	}
	uk_plat_irq_restore(flags);
}

int uk_file_wait(uint64_t deadline)
{
	uint64_t now;

	if (uk_waitq_wait)
		return uk_waitq_wait(&waiters, deadline) ? -ETIMEDOUT : 0;
	now = uk_plat_monotonic_ns();
	if (now >= deadline)
		return -ETIMEDOUT;
	if (!event_seen)
		idle_until(deadline - now > IDLE_SLICE_NS ? now + IDLE_SLICE_NS : deadline);
	event_seen = 0;
	return 0;
}

uint64_t fdtab_deadline(int64_t timeout_ns)
{
	uint64_t now;

	if (timeout_ns < 0)
		return UINT64_MAX;
	now = uk_plat_monotonic_ns();
	return (uint64_t)timeout_ns > UINT64_MAX - now ? UINT64_MAX - 1 : now + (uint64_t)timeout_ns;
}

int fdtab_repoll;

int fdtab_wait(uint64_t deadline)
{
	uint64_t slice;

	if (!fdtab_repoll)
		return uk_file_wait(deadline);
	fdtab_repoll = 0;
	slice = uk_plat_monotonic_ns() + IDLE_SLICE_NS;
	if (slice >= deadline)
		return uk_file_wait(deadline);
	uk_file_wait(slice);
	return 0;
}
