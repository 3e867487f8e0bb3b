/*
 * The block device API, as seen by drivers (@uk/blkdev-virtio,
 * @uk/blkdev-linuxu, ...). Consumers include uk/blkdev.h only; this header
 * fixes the layout of the handle so that @uk/blkdev-core can check requests,
 * keep statistics and wait for completions for every driver alike.
 *
 * A driver embeds struct uk_blkdev in its per-device state, fills info and a
 * static struct uk_blkdev_ops, and calls uk_blkdev_register() from its init
 * function (UK_INIT_LIB or later) once per device it found. The core then
 * hands it only requests that passed every check of uk/blkdev.h:
 *   - submit: READ/WRITE with offset, len and buf aligned, len in
 *     [sector_size, max_request], the range inside the device, no WRITE on a
 *     read-only device; FLUSH as is. Fewer than queue_depth requests are in
 *     flight. Returns 0 when the request is started, -UK_BLKDEV_EAGAIN when
 *     the device has no room for it right now (the core refuses it with that
 *     code, as it does when queue_depth requests are in flight; only
 *     possible while others are in flight), or another -errno when it could
 *     not be started (the core then finishes it with that result). A driver whose
 *     backend is synchronous may finish the request right away by calling
 *     uk_blkdev_complete() before returning 0;
 *   - reap: report every request the device has finished since the last
 *     call with uk_blkdev_complete(), and return how many. Called in thread
 *     context only, never re-entered, and never from inside submit.
 * A driver whose device interrupts calls uk_blkdev_irq() from its interrupt
 * handler; that function only counts and wakes waiting threads, so the
 * handler (which runs with interrupts off, on the interrupted stack, without
 * FPU state) stays short.
 */
#ifndef UK_BLKDEV_IMPL_H
#define UK_BLKDEV_IMPL_H

#include <uk/blkdev.h>
#include <uk/devlist.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_blkdev_ops {
	int (*submit)(struct uk_blkdev *dev, struct uk_blkreq *req);
	int (*reap)(struct uk_blkdev *dev);
};

/* The handle. Its layout is part of the ABI of @uk/blkdev (major version). */
struct uk_blkdev {
	const struct uk_blkdev_ops *ops;
	struct uk_blkdev_info info; /* filled by the driver before registering */
	/* Owned by @uk/blkdev-core. */
	struct uk_devlist_node reg; /* the registry (uk/devlist.h of @uk/bus) */
	unsigned index;             /* its device number */
	unsigned inflight;
	struct uk_blkreq *done_head, *done_tail; /* reaped, callbacks not yet run */
	volatile unsigned long events;            /* interrupts signalled so far */
	void *waiters[2]; /* the scheduler's struct uk_waitq (two pointers, zeroed) */
	struct uk_blkdev_stats stats;
};

/*
 * Add dev to the registry as the next device number. Checks info (sector
 * size a power of two >= 512, capacity and max_request multiples of it,
 * buf_align a power of two, queue_depth >= 1, ops complete) and returns the
 * device's index, or -UK_BLKDEV_EINVAL with a console message naming the
 * device and the field.
 */
int uk_blkdev_register(struct uk_blkdev *dev);

/* From reap: req finished with result (0 or -errno). */
void uk_blkdev_complete(struct uk_blkdev *dev, struct uk_blkreq *req, int result);

/*
 * From the device's interrupt handler: something finished. Counts the
 * interrupt and wakes the threads waiting on dev; safe with interrupts off.
 */
void uk_blkdev_irq(struct uk_blkdev *dev);

/*
 * 1 when a scheduler is linked, so a waiting thread can sleep until an
 * interrupt wakes it: drivers then set info.interrupts and register their
 * interrupt handler; with 0 they run polled and never enable interrupts.
 */
int uk_blkdev_can_sleep(void);

#ifdef __cplusplus
}
#endif

#endif /* UK_BLKDEV_IMPL_H */
