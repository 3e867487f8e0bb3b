/*
 * The synchronous layer: one call reads, writes or flushes a whole range.
 * The range is checked as a whole first (so a bad call does nothing at
 * all), then cut into requests of at most max_request bytes, up to
 * SYNC_DEPTH of them in flight at once (bounded by the device's queue
 * depth), each refilled as soon as it finishes.
 */
#include <uk/blkdev_impl.h>
#include "core.h"

#define SYNC_DEPTH 16

struct batch {
	struct uk_blkdev *dev;
	enum uk_blkreq_op op;
	uint64_t offset; /* next byte to hand out */
	uint64_t end;
	char *buf;       /* buffer byte matching offset */
	int error;       /* the first error seen */
};

/* Give req the next piece of the range; 0 when the range is all handed out. */
static int refill(struct batch *b, struct uk_blkreq *req)
{
	uint64_t left = b->end - b->offset;
	size_t len = left > b->dev->info.max_request ? b->dev->info.max_request : (size_t)left;
	int rc;

	if (!len || b->error)
		return 0;
	req->op = b->op;
	req->offset = b->offset;
	req->len = len;
	req->buf = b->buf;
	req->cb = 0;
	req->cookie = b;
	rc = uk_blkdev_submit(b->dev, req);
	if (rc == -UK_BLKDEV_EAGAIN)
		return 0; /* the queue is full of other users' requests: retry later */
	if (rc) {
		b->error = rc;
		return 0;
	}
	b->offset += len;
	b->buf += len;
	return 1;
}

static int run(struct uk_blkdev *dev, enum uk_blkreq_op op, uint64_t offset, char *buf, size_t len)
{
	struct uk_blkreq reqs[SYNC_DEPTH];
	struct batch b = { dev, op, offset, offset + len, buf, 0 };
	unsigned depth = dev->info.queue_depth < SYNC_DEPTH ? dev->info.queue_depth : SYNC_DEPTH;
	unsigned i, busy = 0;
	int rc = uk_blkdev_check_range(dev, op, offset, buf, len);

	if (rc) {
		dev->stats.refused++;
		return rc;
	}
	for (i = 0; i < depth; i++)
		reqs[i].state = UK_BLKREQ_IDLE;
	for (;;) {
		busy = 0;
		for (i = 0; i < depth; i++) {
			struct uk_blkreq *r = &reqs[i];

			if (r->state == UK_BLKREQ_DONE) {
				if (r->result && !b.error)
					b.error = r->result;
				r->state = UK_BLKREQ_IDLE;
			}
			if (r->state == UK_BLKREQ_IDLE && !refill(&b, r))
				continue;
			busy++;
		}
		if (!busy && (b.offset == b.end || b.error))
			return b.error;
		rc = uk_blkdev_wait_any(dev, UINT64_MAX);
		if (rc < 0)
			return rc;
	}
}

int uk_blkdev_read(struct uk_blkdev *dev, uint64_t offset, void *buf, size_t len)
{
	return run(dev, UK_BLKREQ_READ, offset, (char *)buf, len);
}

int uk_blkdev_write(struct uk_blkdev *dev, uint64_t offset, const void *buf, size_t len)
{
	return run(dev, UK_BLKREQ_WRITE, offset, (char *)(uintptr_t)buf, len);
}

int uk_blkdev_flush(struct uk_blkdev *dev)
{
	struct uk_blkreq req = { .op = UK_BLKREQ_FLUSH };
	int rc = uk_blkdev_submit(dev, &req);

	while (rc == -UK_BLKDEV_EAGAIN) {
		uk_blkdev_wait_any(dev, UINT64_MAX);
		rc = uk_blkdev_submit(dev, &req);
	}
	return rc ? rc : uk_blkdev_wait(dev, &req);
}
