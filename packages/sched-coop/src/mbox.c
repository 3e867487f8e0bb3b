/*
 * Bounded message boxes of pointers (what a TCP/IP stack's sys_arch wants):
 * a ring of caller-provided slots with one wait queue for "not empty" and
 * one for "not full". Waiters re-check after waking because a try-call by a
 * running thread may have taken the slot or the message first.
 */
#include "coop.h"

void uk_mbox_init(struct uk_mbox *mb, void **slots, size_t cap)
{
	*mb = (struct uk_mbox){ .slots = slots, .cap = cap };
}

int uk_mbox_trypost(struct uk_mbox *mb, void *msg)
{
	if (mb->count == mb->cap)
		return -UK_SCHED_EAGAIN;
	mb->slots[(mb->head + mb->count) % mb->cap] = msg;
	mb->count++;
	uk_waitq_wake_one(&mb->not_empty);
	return 0;
}

int uk_mbox_post_until(struct uk_mbox *mb, void *msg, uint64_t deadline)
{
	while (mb->count == mb->cap)
		if (uk_waitq_wait(&mb->not_full, deadline) < 0 && mb->count == mb->cap)
			return -UK_SCHED_ETIMEDOUT;
	return uk_mbox_trypost(mb, msg);
}

void uk_mbox_post(struct uk_mbox *mb, void *msg)
{
	(void)uk_mbox_post_until(mb, msg, UK_SCHED_FOREVER);
}

int uk_mbox_tryfetch(struct uk_mbox *mb, void **msg)
{
	if (!mb->count)
		return -UK_SCHED_EAGAIN;
	*msg = mb->slots[mb->head];
	mb->head = (mb->head + 1) % mb->cap;
	mb->count--;
	uk_waitq_wake_one(&mb->not_full);
	return 0;
}

int uk_mbox_fetch_until(struct uk_mbox *mb, void **msg, uint64_t deadline)
{
	while (!mb->count)
		if (uk_waitq_wait(&mb->not_empty, deadline) < 0 && !mb->count)
			return -UK_SCHED_ETIMEDOUT;
	return uk_mbox_tryfetch(mb, msg);
}

void *uk_mbox_fetch(struct uk_mbox *mb)
{
	void *msg = 0;

	(void)uk_mbox_fetch_until(mb, &msg, UK_SCHED_FOREVER);
	return msg;
}
