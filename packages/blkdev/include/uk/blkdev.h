/*
 * The block device API, as seen by consumers (apps, filesystems, databases
 * that own their disk). A block device is a handle (struct uk_blkdev *);
 * every driver in the image registers its devices at boot, numbered 0, 1,
 * ... in the order the platform reports them (on `uk run` the order of the
 * --disk flags).
 *
 * Addresses and lengths are in bytes and must be multiples of the device's
 * sector size; buffers must be aligned to info.buf_align. A request is
 * checked before it reaches the driver, and a bad one is refused with a
 * negative errno value (never a crash):
 *   -UK_BLKDEV_EINVAL  misaligned offset, length or buffer, length 0 or
 *                      above info.max_request, an unknown operation
 *   -UK_BLKDEV_ENXIO   the range goes past the end of the device
 *   -UK_BLKDEV_EROFS   a write to a read-only device
 *   -UK_BLKDEV_EAGAIN  the queue is full: info.queue_depth requests are in
 *                      flight, or the device's ring has no room for one this
 *                      large until some finish (never when none is in flight)
 *   -UK_BLKDEV_EIO     the device reported an error (as a request result)
 *
 * Asynchronous requests: the caller owns a struct uk_blkreq, fills its
 * first fields and submits it; several may be in flight at once (up to
 * info.queue_depth). Completions are collected by uk_blkdev_poll(), which
 * calls each request's callback in the caller's thread -- never from an
 * interrupt handler -- so a callback may do anything ordinary code does.
 * When the device delivers interrupts and a scheduler is linked, a thread
 * blocked in uk_blkdev_wait*() sleeps until the interrupt wakes it;
 * otherwise the wait polls the device.
 *
 * The synchronous calls (uk_blkdev_read, _write, _flush) split a range
 * into requests of at most info.max_request bytes, keep up to queue_depth
 * of them in flight, and wait for all of them.
 *
 * Calls are made from thread context on one CPU (the cooperative scheduler
 * never preempts), so the API takes no locks.
 *
 * ABI: the semver major of @uk/blkdev. The functions are defined by
 * @uk/blkdev-core, which every driver requires.
 */
#ifndef UK_BLKDEV_H
#define UK_BLKDEV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error numbers the API reports (negated); they are Linux's. */
#define UK_BLKDEV_EIO 5
#define UK_BLKDEV_ENXIO 6
#define UK_BLKDEV_EAGAIN 11
#define UK_BLKDEV_ENODEV 19
#define UK_BLKDEV_EINVAL 22
#define UK_BLKDEV_EROFS 30
#define UK_BLKDEV_ETIMEDOUT 110

struct uk_blkdev; /* opaque to consumers; see uk/blkdev_impl.h */

struct uk_blkdev_info {
	const char *name;      /* "virtio-blk0", "linuxu0": driver and index */
	uint64_t capacity;     /* bytes; a multiple of sector_size */
	uint32_t sector_size;  /* bytes, a power of two >= 512 */
	uint32_t buf_align;    /* buffers must be aligned to this (power of two) */
	uint32_t max_request;  /* most bytes one read or write request may carry */
	uint16_t queue_depth;  /* requests that may be in flight at once (>= 1) */
	uint8_t read_only;     /* writes are refused with -UK_BLKDEV_EROFS */
	uint8_t interrupts;    /* 1: completions are signalled by interrupt */
};

/* Devices: how many there are, and device i (NULL when i >= count). */
unsigned uk_blkdev_count(void);
struct uk_blkdev *uk_blkdev_get(unsigned index);
const struct uk_blkdev_info *uk_blkdev_info(const struct uk_blkdev *dev);
/* Shorthands for the two fields every user needs. */
uint64_t uk_blkdev_capacity(const struct uk_blkdev *dev);
uint32_t uk_blkdev_sector_size(const struct uk_blkdev *dev);

/* ---- asynchronous requests ---- */

enum uk_blkreq_op {
	UK_BLKREQ_READ = 0,
	UK_BLKREQ_WRITE = 1,
	UK_BLKREQ_FLUSH = 2, /* make every completed write durable; offset, len, buf unused */
};

enum uk_blkreq_state {
	UK_BLKREQ_IDLE = 0,     /* never submitted, or refused */
	UK_BLKREQ_INFLIGHT = 1, /* accepted, not finished */
	UK_BLKREQ_DONE = 2,     /* finished: result holds 0 or -errno */
};

struct uk_blkreq;
typedef void (*uk_blkreq_cb)(struct uk_blkreq *req);

struct uk_blkreq {
	/* Set by the caller before uk_blkdev_submit. */
	enum uk_blkreq_op op;
	uint64_t offset;  /* bytes from the start of the device */
	size_t len;       /* bytes */
	void *buf;        /* len bytes, aligned to info.buf_align */
	uk_blkreq_cb cb;  /* may be NULL; called once when the request is done */
	void *cookie;     /* for the caller */
	/* Set by the API. */
	volatile enum uk_blkreq_state state;
	int result; /* when DONE: 0 or -errno */
	/* Private to the API and the driver. */
	struct uk_blkreq *impl_next;
	uint32_t impl_tag;
};

/*
 * Hand req to the device. 0: accepted; req->cb will be called exactly once,
 * from uk_blkdev_poll (or a wait), with req->state DONE and req->result
 * set. A negative errno: refused (see the top of this file); req->state is
 * IDLE, req->result holds the error, and the callback is never called.
 * req must stay valid and untouched while it is in flight.
 */
int uk_blkdev_submit(struct uk_blkdev *dev, struct uk_blkreq *req);

/*
 * Collect finished requests and call their callbacks; returns how many
 * finished. Never blocks.
 */
int uk_blkdev_poll(struct uk_blkdev *dev);

/* Requests accepted and not yet collected by uk_blkdev_poll. */
unsigned uk_blkdev_inflight(const struct uk_blkdev *dev);

/*
 * Wait until req is DONE (collecting every completion on the way) and
 * return its result. req must have been accepted by uk_blkdev_submit.
 */
int uk_blkdev_wait(struct uk_blkdev *dev, struct uk_blkreq *req);

/*
 * Wait until at least one in-flight request finishes, or until the
 * monotonic time deadline (ns, UINT64_MAX for none); returns how many
 * finished (their callbacks have run), 0 when nothing is in flight, or
 * -UK_BLKDEV_ETIMEDOUT.
 */
int uk_blkdev_wait_any(struct uk_blkdev *dev, uint64_t deadline);

/* ---- synchronous convenience layer ---- */

/*
 * Whether the synchronous layer would accept op (READ or WRITE) over
 * [offset, offset+len) with buf: 0, or the error it would return. Lets a
 * caller that writes a range piece by piece refuse a bad range before
 * writing any of it.
 */
int uk_blkdev_check_range(const struct uk_blkdev *dev, enum uk_blkreq_op op, uint64_t offset,
			  const void *buf, uint64_t len);

/* Read / write len bytes at offset; 0 or the first error. */
int uk_blkdev_read(struct uk_blkdev *dev, uint64_t offset, void *buf, size_t len);
int uk_blkdev_write(struct uk_blkdev *dev, uint64_t offset, const void *buf, size_t len);
/* Make every completed write durable. 0 or -errno. */
int uk_blkdev_flush(struct uk_blkdev *dev);

/* ---- statistics ---- */

struct uk_blkdev_stats {
	uint64_t reads, writes, flushes;        /* requests that finished without error */
	uint64_t bytes_read, bytes_written;
	uint64_t errors;       /* requests that finished with an error */
	uint64_t refused;      /* submissions refused before reaching the driver */
	uint64_t interrupts;   /* completion interrupts taken */
	uint32_t max_inflight; /* high-water mark of requests in flight */
};
void uk_blkdev_stats_get(const struct uk_blkdev *dev, struct uk_blkdev_stats *out);
void uk_blkdev_stats_reset(struct uk_blkdev *dev);

#ifdef __cplusplus
}
#endif

#endif /* UK_BLKDEV_H */
