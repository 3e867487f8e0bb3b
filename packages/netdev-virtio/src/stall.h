/*
 * A watch over one virtqueue that tells its driver when to notify the
 * device although the device's event index said it needs no notification
 * (see driver.c: notifications can be lost under TCG).
 */
#ifndef UK_NETDEV_VIRTIO_STALL_H
#define UK_NETDEV_VIRTIO_STALL_H

#include <stdint.h>

struct stall_watch {
	uint64_t since;   /* last time the queue moved or held nothing (0: never looked) */
	uint64_t wait_ns; /* silence that earns the next notification */
	unsigned long rescues; /* notifications sent by this watch, for a debugger */
};

/*
 * One look at the queue at time now: progress says it moved since the
 * last look, holding that the device holds buffers of ours (without them
 * a notification cannot matter). Returns 1 when the caller should notify.
 */
int stall_check(struct stall_watch *w, int progress, int holding, uint64_t now);

#endif
