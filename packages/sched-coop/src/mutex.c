/*
 * Mutexes. Unlocking hands the mutex straight to the first waiter instead
 * of letting whoever runs next grab it: waiters are served in FIFO order
 * and none can starve.
 */
#include "coop.h"

void uk_mutex_init(struct uk_mutex *m, int recursive)
{
	*m = (struct uk_mutex){ .recursive = recursive };
}

int uk_mutex_lock_until(struct uk_mutex *m, uint64_t deadline)
{
	struct uk_thread *cur = coop_current;

	if (!m->owner) {
		m->owner = cur;
		m->depth = 1;
		return 0;
	}
	if (m->owner == cur) {
		if (!m->recursive)
			return -UK_SCHED_EDEADLK;
		m->depth++;
		return 0;
	}
	if (uk_waitq_wait(&m->wq, deadline) < 0 && m->owner != cur)
		return -UK_SCHED_ETIMEDOUT;
	return 0; /* unlock made us the owner */
}

int uk_mutex_lock(struct uk_mutex *m)
{
	return uk_mutex_lock_until(m, UK_SCHED_FOREVER);
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	if (m->owner && !(m->owner == coop_current && m->recursive))
		return -UK_SCHED_EBUSY;
	return uk_mutex_lock_until(m, UK_SCHED_FOREVER);
}

int uk_mutex_unlock(struct uk_mutex *m)
{
	struct uk_thread *next;

	if (m->owner != coop_current)
		return -UK_SCHED_EPERM;
	if (--m->depth)
		return 0;
	next = coop_waitq_first(&m->wq);
	m->owner = next;
	if (next) {
		m->depth = 1;
		coop_wake(next);
	}
	return 0;
}
