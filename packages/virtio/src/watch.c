/*
 * The lost-notification watchdog of a virtqueue. A guest's memory barrier
 * orders its own accesses, and under TCG with one vCPU QEMU emits no host
 * barrier for it, so the driver publishing a ring index and then reading
 * the device's event index (or NO_NOTIFY flag) can race the device doing
 * the mirror image: both read the old value, the driver does not notify,
 * and the device waits for a notification that never comes. So a queue
 * whose device holds our buffers and shows no progress for a while is
 * notified anyway: after WATCH_FIRST cycles of silence, then after twice
 * as long each time up to WATCH_MAX, so a queue that is merely idle (a
 * receive queue with nothing to receive) costs about one notification a
 * second, while a device that missed one waits milliseconds, not forever.
 * (The race is now closed where it starts: uk_virtqueue_kick fences for
 * the host before it skips a notification, and uk_virtqueue_intr_enable
 * before it answers 0, with uk_plat_host_fence. The watchdog stays as a
 * safety net for a device or hypervisor that still misses one.)
 *
 * Time is counted in cycles, not nanoseconds: watching must never be what
 * makes the platform calibrate its clock (under TCG the first conversion
 * measures the PIT), and these bounds need no precision: 8M cycles is
 * 2.5-8 ms on a 1-3 GHz counter, 2^32 about one to four seconds.
 */
#include <uk/plat.h>
#include "virtio_impl.h"

#define WATCH_FIRST (8ull << 20)
#define WATCH_MAX (1ull << 32)

int uk_virtqueue_watch(struct uk_virtqueue *vq)
{
	uint16_t used = vq->used->idx;
	uint64_t now;

	if (used != vq->watch_used || vq->num_free == vq->size) {
		/* The device moved, or holds nothing of ours: nothing to miss. */
		vq->watch_used = used;
		vq->watch_since = 0;
		return 0;
	}
	now = uk_plat_cycles();
	if (vq->watch_since == 0) {
		vq->watch_since = now;
		vq->watch_wait = WATCH_FIRST;
		return 0;
	}
	if (now - vq->watch_since < vq->watch_wait)
		return 0;
	vq->watch_since = now;
	if (vq->watch_wait < WATCH_MAX)
		vq->watch_wait *= 2;
	vq->rescues++;
	uk_virtqueue_notify(vq);
	return 1;
}
