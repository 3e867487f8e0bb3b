/*
 * One request's round trip: take a tag, hand the message to the transport,
 * wait for the reply, check it. Threads wait as @uk/blkdev-core's do:
 * asleep on the device's wait queue when the transport interrupts and a
 * scheduler is linked (the handler wakes them), else polling the transport
 * (which may block on its host when it can), yielding to other threads.
 * The cooperative scheduler takes interrupts only at scheduling points and
 * the interrupt count is checked before sleeping, so a reply cannot slip
 * by. A sleep is still bounded by WAIT_SLICE_NS, as @uk/blkdev-core's are:
 * a request whose notification the device missed (see @uk/virtio's
 * uk_virtqueue_watch, which the transport's reap runs) then costs a few
 * slices instead of a hang.
 */
#include "core.h"
#include <uk/plat.h>
#include "sched_hooks.h"

#define WAIT_SLICE_NS 2000000ull /* 2 ms */
#define SPIN_CYCLES (2ull << 20) /* about 0.7-2 ms on a 1-3 GHz counter */

int uk_9p_can_sleep(void)
{
	return uk_waitq_wait && uk_waitq_wake_all;
}

void uk_9p_dev_irq(struct uk_9p_dev *dev)
{
	dev->events++;
	if (uk_waitq_wake_all)
		uk_waitq_wake_all((struct uk_waitq *)dev->waiters);
}

void uk_9p_req_done(struct uk_9p_dev *dev, struct uk_9p_req *req, uint32_t rlen, int error)
{
	req->rlen = rlen;
	req->error = error;
	req->done = 1;
	/* The reply may be another thread's: let sleepers look. */
	if (uk_waitq_wake_all)
		uk_waitq_wake_all((struct uk_waitq *)dev->waiters);
}

struct uk_9p_req *uk_9p_req_by_tag(struct uk_9p_dev *dev, uint16_t tag)
{
	if (tag == P9_NOTAG)
		return dev->tags[0] && dev->tags[0]->tag == P9_NOTAG ? dev->tags[0] : 0;
	return tag < UK_9P_MAX_TAGS ? dev->tags[tag] : 0;
}

/*
 * Let replies arrive. Interrupts: collect what came, polling a short while
 * when asked to spin (SPIN_CYCLES, yielding to other threads meanwhile:
 * the first wait for a reply) before sleeping until
 * the next interrupt or the end of a slice. Most replies come within the
 * spin (the mount's attach: about 0.3 ms under TCG), and a wait that never
 * sleeps never reads the clock nor arms the timer: the first bounded sleep
 * calibrates both, measured at +3.7 ms of boot under TCG. Polled: first
 * let the other threads run (they may have requests to send, so the server
 * works on several at once), then collect, blocking on the host where the
 * transport can: a reply is always due.
 */
static void make_progress(struct uk_9p_dev *dev, const struct uk_9p_req *mine, int spin)
{
	unsigned long seen = dev->events;

	if (dev->interrupts && uk_9p_can_sleep()) {
		uint64_t start = uk_plat_cycles();

		/* Nothing may run between the last look and the sleep: an interrupt would be missed. */
		for (;;) {
			if (dev->ops->reap(dev, 0) > 0 || dev->events != seen || (mine && mine->done))
				return;
			if (!spin || uk_plat_cycles() - start >= SPIN_CYCLES)
				break;
			if (uk_thread_yield)
				uk_thread_yield();
			else
				__builtin_ia32_pause();
		}
		uk_waitq_wait((struct uk_waitq *)dev->waiters, uk_plat_monotonic_ns() + WAIT_SLICE_NS);
		return;
	}
	if (uk_thread_yield) {
		uk_thread_yield();
		if (mine && mine->done)
			return;
	}
	if (dev->ops->reap(dev, 1) <= 0 && !uk_thread_yield)
		__builtin_ia32_pause();
}

static uint16_t take_tag(struct uk_9p_dev *dev, struct uk_9p_req *req, int version)
{
	for (;;) {
		if (version ? !dev->inflight : dev->inflight < UK_9P_MAX_TAGS) {
			for (uint16_t t = 0; t < UK_9P_MAX_TAGS; t++) {
				if (dev->tags[t])
					continue;
				dev->tags[t] = req;
				dev->inflight++;
				if (dev->inflight > dev->stats.max_inflight)
					dev->stats.max_inflight = dev->inflight;
				return version ? P9_NOTAG : t;
			}
		}
		make_progress(dev, 0, 0);
	}
}

static void put_tag(struct uk_9p_dev *dev, struct uk_9p_req *req)
{
	for (unsigned t = 0; t < UK_9P_MAX_TAGS; t++) {
		if (dev->tags[t] == req) {
			dev->tags[t] = 0;
			dev->inflight--;
			return;
		}
	}
}

static void put_le(uint8_t *p, uint32_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

int p9_start(struct uk_9p_dev *dev, struct p9_out *out, const void *payload, uint32_t payload_len,
	     void *rbuf, uint32_t rcap, void *rdata, uint32_t rdata_cap, struct uk_9p_req *req)
{
	uint32_t msize = dev->msize ? dev->msize : dev->max_msize;
	uint8_t type = out->buf[4];
	int rc;

	if (out->overflow || out->len + payload_len > msize)
		return -UK_9P_EMSGSIZE;
	if (rcap < UK_9P_RHDR)
		return -UK_9P_EINVAL;
	req->tag = take_tag(dev, req, type == P9_TVERSION);
	req->done = 0;
	req->rlen = 0;
	req->error = 0;
	put_le(out->buf, out->len + payload_len, 4);
	put_le(out->buf + 5, req->tag, 2);
	req->out[0].base = out->buf;
	req->out[0].len = out->len;
	req->n_out = 1;
	if (payload_len) {
		req->out[1].base = (void *)payload;
		req->out[1].len = payload_len;
		req->n_out = 2;
	}
	req->in[0].base = rbuf;
	req->in[0].len = rcap;
	req->n_in = 1;
	if (rdata_cap) {
		req->in[1].base = rdata;
		req->in[1].len = rdata_cap;
		req->n_in = 2;
	}
	dev->stats.requests++;
	while ((rc = dev->ops->request(dev, req)) == -UK_9P_EAGAIN && dev->inflight > 1)
		make_progress(dev, 0, 0);
	if (rc) {
		put_tag(dev, req);
		dev->stats.errors++;
	}
	return rc;
}

int p9_finish(struct uk_9p_dev *dev, struct uk_9p_req *req, uint8_t type, struct p9_in *in)
{
	void *rbuf = req->in[0].base;
	uint32_t rcap = req->in[0].len;
	struct p9_in hdr;
	int rc;

	/* Poll only before the first sleep: a reply that takes longer is worth sleeping for. */
	for (int spin = 1; !req->done; spin = 0)
		make_progress(dev, req, spin);
	put_tag(dev, req);
	rc = req->error;
	if (rc == 0) {
		hdr.buf = rbuf;
		hdr.len = req->rlen < rcap ? req->rlen : rcap;
		hdr.pos = 0;
		hdr.bad = 0;
		uint32_t size = p9_get32(&hdr);
		uint8_t rtype = p9_get8(&hdr);

		p9_get16(&hdr);
		if (hdr.bad || size != req->rlen) {
			rc = -UK_9P_EIO;
		} else if (rtype == P9_RLERROR) {
			uint32_t ecode = p9_get32(&hdr);

			rc = hdr.bad || !ecode || ecode > 4095 ? -UK_9P_EIO : -(int)ecode;
		} else if (rtype != type + 1) {
			rc = -UK_9P_EIO;
		} else {
			*in = hdr;
		}
	}
	if (rc)
		dev->stats.errors++;
	return rc;
}

int p9_rpc(struct uk_9p_dev *dev, struct p9_out *out, const void *payload, uint32_t payload_len,
	   void *rbuf, uint32_t rcap, void *rdata, uint32_t rdata_cap, struct p9_in *in)
{
	struct uk_9p_req req;
	uint8_t type = out->buf[4];
	int rc = p9_start(dev, out, payload, payload_len, rbuf, rcap, rdata, rdata_cap, &req);

	return rc ? rc : p9_finish(dev, &req, type, in);
}
