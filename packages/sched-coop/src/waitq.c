/*
 * Wait queues: FIFO lists of blocked threads, doubly linked so a thread
 * whose timeout expires leaves its queue in constant time. Every other
 * blocking object (mutex, semaphore, condition, message box) is a wait
 * queue plus a little state.
 */
#include "coop.h"

void coop_waitq_remove(struct uk_thread *t)
{
	struct uk_waitq *wq = t->waitq;

	if (t->prev)
		t->prev->next = t->next;
	else
		wq->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	else
		wq->tail = t->prev;
	t->waitq = 0;
	t->next = t->prev = 0;
}

struct uk_thread *coop_waitq_first(struct uk_waitq *wq)
{
	return wq->head;
}

int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline)
{
	struct uk_thread *cur = coop_current;

	/* Already late: do not queue behind threads that may never let us see it. */
	if (deadline != UK_SCHED_FOREVER && deadline <= uk_plat_monotonic_ns())
		return -UK_SCHED_ETIMEDOUT;
	cur->timed_out = 0;
	cur->state = COOP_BLOCKED;
	cur->waitq = wq;
	cur->next = 0;
	cur->prev = wq->tail;
	if (wq->tail)
		wq->tail->next = cur;
	else
		wq->head = cur;
	wq->tail = cur;
	if (deadline != UK_SCHED_FOREVER)
		coop_timer_add(cur, deadline);
	coop_schedule();
	return cur->timed_out ? -UK_SCHED_ETIMEDOUT : 0;
}

int uk_waitq_wake_one(struct uk_waitq *wq)
{
	if (!wq->head)
		return 0;
	coop_wake(wq->head);
	return 1;
}

int uk_waitq_wake_all(struct uk_waitq *wq)
{
	int n = 0;

	while (wq->head) {
		coop_wake(wq->head);
		n++;
	}
	return n;
}
