/*
 * Condition variables. In a cooperative scheduler releasing the mutex and
 * starting to wait cannot be split by another thread, so a signal between
 * the two is impossible and a wait queue is all the state needed.
 */
#include "coop.h"

void uk_cond_init(struct uk_cond *c)
{
	*c = (struct uk_cond){ UK_WAITQ_INIT };
}

int uk_cond_wait_until(struct uk_cond *c, struct uk_mutex *m, uint64_t deadline)
{
	unsigned int depth = m->depth;
	int rc;

	if (m->owner != coop_current)
		return -UK_SCHED_EPERM;
	/* Release fully, even a recursive mutex, and restore the depth after. */
	m->depth = 1;
	uk_mutex_unlock(m);
	rc = uk_waitq_wait(&c->wq, deadline);
	uk_mutex_lock(m);
	m->depth = depth;
	return rc;
}

int uk_cond_wait(struct uk_cond *c, struct uk_mutex *m)
{
	return uk_cond_wait_until(c, m, UK_SCHED_FOREVER);
}

void uk_cond_signal(struct uk_cond *c)
{
	uk_waitq_wake_one(&c->wq);
}

void uk_cond_broadcast(struct uk_cond *c)
{
	uk_waitq_wake_all(&c->wq);
}
