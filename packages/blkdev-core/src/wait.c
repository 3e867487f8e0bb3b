/*
 * Waiting for completions. With a scheduler linked and a device that
 * interrupts, the waiting thread sleeps on the device's wait queue and the
 * interrupt handler wakes it (uk_blkdev_irq); other threads run meanwhile.
 * Otherwise the wait polls the device, yielding to other threads when a
 * scheduler exists.
 *
 * The scheduler takes interrupts only at its scheduling points, so one
 * cannot slip in between the last poll and the sleep. A sleep is still
 * bounded by WAIT_SLICE_NS: an interrupt the device never sends then costs
 * a slice instead of a hang.
 */
#include <uk/blkdev_impl.h>
#include <uk/plat.h>
#include "core.h"
#include "sched_hooks.h"

#define WAIT_SLICE_NS 2000000ull /* 2 ms */
#define NO_DEADLINE UINT64_MAX

int uk_blkdev_can_sleep(void)
{
	return uk_waitq_wait && uk_waitq_wake_all;
}

void uk_blkdev_irq(struct uk_blkdev *dev)
{
	dev->events++;
	dev->stats.interrupts++;
	if (uk_waitq_wake_all)
		uk_waitq_wake_all((struct uk_waitq *)dev->waiters);
}

/* Nothing finished yet: let time pass until it may have. */
static int pause_once(struct uk_blkdev *dev, unsigned long seen, uint64_t deadline)
{
	uint64_t now, until;

	if (dev->info.interrupts && uk_blkdev_can_sleep()) {
		if (dev->events != seen)
			return 0; /* an interrupt came in while we polled */
		now = uk_plat_monotonic_ns();
		if (now >= deadline)
			return -UK_BLKDEV_ETIMEDOUT;
		until = deadline - now > WAIT_SLICE_NS ? now + WAIT_SLICE_NS : deadline;
		uk_waitq_wait((struct uk_waitq *)dev->waiters, until);
		return 0;
	}
	/* Polled: read the clock only when there is a deadline to keep. */
	if (deadline != NO_DEADLINE && uk_plat_monotonic_ns() >= deadline)
		return -UK_BLKDEV_ETIMEDOUT;
	if (uk_thread_yield)
		uk_thread_yield();
	else
		__builtin_ia32_pause();
	return 0;
}

int uk_blkdev_wait_any(struct uk_blkdev *dev, uint64_t deadline)
{
	for (;;) {
		unsigned long seen = dev->events;
		int n, rc;

		if (!dev->inflight)
			return 0;
		n = uk_blkdev_poll(dev);
		if (n)
			return n;
		rc = pause_once(dev, seen, deadline);
		if (rc)
			return rc;
	}
}

int uk_blkdev_wait(struct uk_blkdev *dev, struct uk_blkreq *req)
{
	while (req->state == UK_BLKREQ_INFLIGHT)
		if (uk_blkdev_wait_any(dev, NO_DEADLINE) == 0 && req->state == UK_BLKREQ_INFLIGHT)
			return -UK_BLKDEV_EINVAL; /* nothing in flight: req was never accepted */
	return req->result;
}
