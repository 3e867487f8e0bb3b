/*
 * Counting semaphores. An up with waiters hands its unit to the first
 * waiter directly (the count stays put), so waiters are served in order.
 */
#include "coop.h"

void uk_sem_init(struct uk_sem *s, long count)
{
	*s = (struct uk_sem){ .count = count };
}

int uk_sem_down_until(struct uk_sem *s, uint64_t deadline)
{
	if (s->count > 0) {
		s->count--;
		return 0;
	}
	return uk_waitq_wait(&s->wq, deadline);
}

void uk_sem_down(struct uk_sem *s)
{
	(void)uk_sem_down_until(s, UK_SCHED_FOREVER);
}

int uk_sem_trydown(struct uk_sem *s)
{
	if (s->count <= 0)
		return -UK_SCHED_EAGAIN;
	s->count--;
	return 0;
}

void uk_sem_up(struct uk_sem *s)
{
	if (!uk_waitq_wake_one(&s->wq))
		s->count++;
}
