/*
 * The 9P client as seen by transports (@uk/9p-virtio, @uk/9p-linuxu, ...).
 * Users include uk/9p.h only; this header fixes the device handle and the
 * request so that @uk/9p-core can build messages, keep tags and wait for
 * replies for every transport alike.
 *
 * A transport embeds struct uk_9p_dev in its per-device state, fills the
 * fields above "owned by @uk/9p-core" and calls uk_9p_dev_register() once
 * per device it found (from its init function). The core then hands it
 * requests:
 *   - start (optional): bring the device up, the first time a user looks
 *     it up (uk_9p_dev_get / uk_9p_dev_find), and set tag and interrupts
 *     then. A transport whose set-up costs boot time (virtio: about 2 ms
 *     of register accesses under TCG) registers at boot with no tag and
 *     does it here, so an image that never uses the device never pays.
 *     Return 0, or a negative errno after saying why on the console: the
 *     device is then never handed out (no retry, no second message).
 *   - request: send the T-message gathered in req->out[0..n_out) and
 *     arrange for the R-message to land in req->in[0..n_in) (in order,
 *     in[0] first; in[0] holds at least UK_9P_RHDR bytes). Return 0 when
 *     sent, -UK_9P_EAGAIN when there is no room right now (only while
 *     other requests are in flight: the core waits for one and retries),
 *     another negative errno when it cannot be sent.
 *   - reap: report replies that arrived with uk_9p_req_done(). block != 0
 *     means the calling thread has nothing else to do: a transport that can
 *     block on its host (linuxu) may wait for the next reply. Called from
 *     thread context only, never re-entered, never from inside request.
 * A stream transport reads a reply's header first, finds its request with
 * uk_9p_req_by_tag() and reads the rest into req->in.
 * A transport whose device interrupts calls uk_9p_dev_irq() from its
 * interrupt handler (it only counts and wakes waiting threads).
 */
#ifndef UK_9P_IMPL_H
#define UK_9P_IMPL_H

#include <uk/9p.h>
#include <uk/devlist.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UK_9P_EAGAIN 11

/* Requests in flight per device at most (tags 0 .. UK_9P_MAX_TAGS-1). */
#define UK_9P_MAX_TAGS 64
/* size[4] type[1] tag[2]: the header of every message. */
#define UK_9P_HDR 7
/* in[0] holds at least this much: a header and an Rlerror's ecode, or Rread's count. */
#define UK_9P_RHDR 11
/* Buffers a request's T- and R-message may be gathered from / scattered to. */
#define UK_9P_REQ_IOV 3
/* Freed fid numbers kept for reuse. */
#define UK_9P_FID_CACHE 256

/* uk_9p_dev.up */
#define UK_9P_DEV_STARTING 0
#define UK_9P_DEV_UP 1
#define UK_9P_DEV_BROKEN 2

struct uk_9p_iov {
	void *base;
	uint32_t len;
};

struct uk_9p_req {
	struct uk_9p_iov out[UK_9P_REQ_IOV];
	struct uk_9p_iov in[UK_9P_REQ_IOV];
	unsigned n_out, n_in;
	uint16_t tag;
	/* Set by uk_9p_req_done. */
	volatile uint8_t done;
	uint32_t rlen; /* bytes of R-message received */
	int error;     /* transport failure (negative errno), 0 otherwise */
};

struct uk_9p_dev;

struct uk_9p_trans_ops {
	int (*request)(struct uk_9p_dev *dev, struct uk_9p_req *req);
	int (*reap)(struct uk_9p_dev *dev, int block);
	int (*start)(struct uk_9p_dev *dev); /* may be NULL: registered ready */
};

/* The handle. Its layout is part of the ABI of @uk/9p (major version). */
struct uk_9p_dev {
	const struct uk_9p_trans_ops *ops;
	const char *tag;    /* mount tag, NUL-terminated (set by start when there is one) */
	const char *aname;  /* the export to attach to, NUL-terminated ("" when the server has one) */
	uint32_t max_msize; /* the transport's largest message */
	uint8_t readonly;   /* the volume was given read-only */
	uint8_t interrupts; /* 1: replies are signalled by uk_9p_dev_irq */
	/* Owned by @uk/9p-core (in what was padding: the layout is unchanged). */
	uint8_t up;         /* UK_9P_DEV_STARTING until start ran, then _UP or _BROKEN */
	struct uk_devlist_node reg; /* the registry (uk/devlist.h of @uk/bus) */
	unsigned index;             /* its device number */
	uint32_t msize; /* 0 until uk_9p_version */
	unsigned inflight;
	struct uk_9p_req *tags[UK_9P_MAX_TAGS];
	uint32_t next_fid;
	unsigned nfree_fids;
	uint32_t free_fids[UK_9P_FID_CACHE];
	volatile unsigned long events; /* interrupts signalled so far */
	void *waiters[2];  /* the scheduler's struct uk_waitq: replies */
	void *tag_wait[2]; /* threads waiting for a free tag */
	struct uk_9p_stats stats;
	uint8_t no_unlinkat, no_renameat; /* the server said EOPNOTSUPP: use Tremove / Trename */
};

/* Add dev to the registry; returns its index or -UK_9P_EINVAL (a message says why). */
int uk_9p_dev_register(struct uk_9p_dev *dev);
/* From reap: req's reply is in req->in (rlen bytes), or error says why not. */
void uk_9p_req_done(struct uk_9p_dev *dev, struct uk_9p_req *req, uint32_t rlen, int error);
/* The request in flight under tag, or NULL. */
struct uk_9p_req *uk_9p_req_by_tag(struct uk_9p_dev *dev, uint16_t tag);
/* From the device's interrupt handler: replies arrived; wakes the waiting threads. */
void uk_9p_dev_irq(struct uk_9p_dev *dev);
/* 1 when a scheduler is linked (threads can sleep until an interrupt). */
int uk_9p_can_sleep(void);

#ifdef __cplusplus
}
#endif

#endif /* UK_9P_IMPL_H */
