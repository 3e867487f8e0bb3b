/*
 * The asynchronous path shared by every driver: submit checks a request
 * against the device (so no driver can forget a check and a bad request is
 * an error code, never a crash or a write past the end), the completion
 * list that reap fills, and poll, which runs callbacks only after the
 * driver's reap returned -- a callback may then submit again without
 * re-entering the driver.
 */
#include <uk/blkdev_impl.h>
#include "core.h"

int uk_blkdev_check_range(const struct uk_blkdev *dev, enum uk_blkreq_op op, uint64_t offset,
			  const void *buf, uint64_t len)
{
	const struct uk_blkdev_info *i = &dev->info;
	uint64_t mask = i->sector_size - 1;

	if (op != UK_BLKREQ_READ && op != UK_BLKREQ_WRITE)
		return -UK_BLKDEV_EINVAL;
	if ((offset & mask) || (len & mask) || !len || !buf || ((uintptr_t)buf & (i->buf_align - 1)))
		return -UK_BLKDEV_EINVAL;
	if (offset > i->capacity || len > i->capacity - offset)
		return -UK_BLKDEV_ENXIO;
	if (op == UK_BLKREQ_WRITE && i->read_only)
		return -UK_BLKDEV_EROFS;
	return 0;
}

static int check(const struct uk_blkdev *dev, const struct uk_blkreq *req)
{
	if (req->op == UK_BLKREQ_FLUSH)
		return 0;
	if (req->len > dev->info.max_request)
		return -UK_BLKDEV_EINVAL;
	return uk_blkdev_check_range(dev, req->op, req->offset, req->buf, req->len);
}

int uk_blkdev_submit(struct uk_blkdev *dev, struct uk_blkreq *req)
{
	int rc = check(dev, req);

	if (!rc && dev->inflight >= dev->info.queue_depth)
		rc = -UK_BLKDEV_EAGAIN;
	if (rc) {
		req->state = UK_BLKREQ_IDLE;
		req->result = rc;
		dev->stats.refused++;
		return rc;
	}
	req->state = UK_BLKREQ_INFLIGHT;
	req->result = 0;
	req->impl_next = 0;
	dev->inflight++;
	rc = dev->ops->submit(dev, req);
	if (rc == -UK_BLKDEV_EAGAIN) {
		/* No room in the device's ring for this one now: refused, not failed. */
		dev->inflight--;
		req->state = UK_BLKREQ_IDLE;
		req->result = rc;
		dev->stats.refused++;
		return rc;
	}
	if (dev->inflight > dev->stats.max_inflight)
		dev->stats.max_inflight = dev->inflight;
	if (rc)
		uk_blkdev_complete(dev, req, rc); /* reported through the callback */
	return 0;
}

void uk_blkdev_complete(struct uk_blkdev *dev, struct uk_blkreq *req, int result)
{
	req->result = result;
	req->impl_next = 0;
	if (dev->done_tail)
		dev->done_tail->impl_next = req;
	else
		dev->done_head = req;
	dev->done_tail = req;
}

static void account(struct uk_blkdev *dev, const struct uk_blkreq *req)
{
	struct uk_blkdev_stats *s = &dev->stats;

	if (req->result) {
		s->errors++;
		return;
	}
	switch (req->op) {
	case UK_BLKREQ_READ:
		s->reads++;
		s->bytes_read += req->len;
		break;
	case UK_BLKREQ_WRITE:
		s->writes++;
		s->bytes_written += req->len;
		break;
	default:
		s->flushes++;
		break;
	}
}

int uk_blkdev_poll(struct uk_blkdev *dev)
{
	struct uk_blkreq *req;
	int n = 0;

	if (dev->inflight)
		dev->ops->reap(dev);
	while ((req = dev->done_head) != 0) {
		dev->done_head = req->impl_next;
		if (!dev->done_head)
			dev->done_tail = 0;
		req->impl_next = 0;
		dev->inflight--;
		account(dev, req);
		req->state = UK_BLKREQ_DONE;
		n++;
		if (req->cb)
			req->cb(req);
	}
	return n;
}
