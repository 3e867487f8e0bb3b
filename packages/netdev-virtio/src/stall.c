/*
 * When a quiet virtqueue is worth a notification: after STALL_FIRST_NS of
 * silence while the device holds our buffers, then after twice as long
 * each time up to STALL_MAX_NS, so a queue that is merely idle (nothing
 * to receive) costs about one notification a second, while a device that
 * missed one waits milliseconds, not forever.
 */
#include "stall.h"

#define STALL_FIRST_NS 5000000ull     /* 5 ms */
#define STALL_MAX_NS 1000000000ull    /* 1 s */

int stall_check(struct stall_watch *w, int progress, int holding, uint64_t now)
{
	if (progress || !holding || w->since == 0) {
		w->since = now;
		w->wait_ns = STALL_FIRST_NS;
		return 0;
	}
	if (now - w->since < w->wait_ns)
		return 0;
	w->since = now;
	if (w->wait_ns < STALL_MAX_NS)
		w->wait_ns *= 2;
	w->rescues++;
	return 1;
}
