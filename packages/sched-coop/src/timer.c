/*
 * Sleeping threads: a list sorted by wake-up time, so the next deadline is
 * always its head (what the idle loop arms the one-shot timer with) and
 * expiring is a walk from the head. Insertion is linear, which is fine for
 * the handful of sleepers a unikernel has; the hot paths (yield, wake) never
 * touch it.
 */
#include "coop.h"

static struct uk_thread *timer_head;

void coop_timer_add(struct uk_thread *t, uint64_t deadline)
{
	struct uk_thread *p = 0, *n = timer_head;

	/* Equal deadlines stay in arrival order (FIFO). */
	while (n && n->wake_at <= deadline) {
		p = n;
		n = n->tnext;
	}
	t->wake_at = deadline;
	t->tprev = p;
	t->tnext = n;
	if (n)
		n->tprev = t;
	if (p)
		p->tnext = t;
	else
		timer_head = t;
	t->on_timer = 1;
}

void coop_timer_remove(struct uk_thread *t)
{
	if (t->tprev)
		t->tprev->tnext = t->tnext;
	else
		timer_head = t->tnext;
	if (t->tnext)
		t->tnext->tprev = t->tprev;
	t->on_timer = 0;
}

void coop_timer_expire(uint64_t now)
{
	while (timer_head && timer_head->wake_at <= now) {
		struct uk_thread *t = timer_head;

		coop_timer_remove(t);
		t->timed_out = 1;
		coop_wake(t);
	}
}

uint64_t coop_timer_next(void)
{
	return timer_head ? timer_head->wake_at : UK_SCHED_FOREVER;
}

void uk_thread_sleep_until(uint64_t deadline)
{
	struct uk_thread *cur = coop_current;

	if (deadline <= uk_plat_monotonic_ns()) {
		uk_thread_yield();
		return;
	}
	cur->state = COOP_BLOCKED;
	coop_timer_add(cur, deadline);
	coop_schedule();
}

void uk_thread_sleep_ns(uint64_t ns)
{
	uint64_t now = uk_plat_monotonic_ns();

	uk_thread_sleep_until(ns > UK_SCHED_FOREVER - now ? UK_SCHED_FOREVER - 1 : now + ns);
}

uint64_t uk_sched_monotonic_ns(void)
{
	return uk_plat_monotonic_ns();
}

uint64_t uk_sched_wall_ns(void)
{
	return uk_plat_wall_ns();
}
