/*
 * Whole ranges: a read or write larger than one message is cut into
 * messages of the session's size and up to RANGE_PIPE of them are in
 * flight at once, so the server works on the next piece while the reply
 * of the last one travels back (one thread, no waiting between pieces).
 */
#include "core.h"

#define RANGE_PIPE 4

struct piece {
	struct uk_9p_req req;
	struct p9_out m;
	uint8_t t[UK_9P_HDR + 24];
	uint8_t r[UK_9P_RHDR];
	uint32_t want;
	int started;
};

static long range(struct uk_9p_dev *dev, uint8_t type, uint32_t fid, uint64_t offset, char *buf,
		  size_t len)
{
	struct piece p[RANGE_PIPE];
	uint32_t io = uk_9p_iosize(dev);
	size_t done = 0;
	long rc = 0;

	while (done < len && !rc) {
		unsigned n = 0, i;
		size_t at = done;
		int short_piece = 0;

		for (; n < RANGE_PIPE && at < len; n++) {
			struct piece *q = &p[n];

			q->want = len - at > io ? io : (uint32_t)(len - at);
			p9_out_start(&q->m, q->t, sizeof(q->t), type);
			p9_put32(&q->m, fid);
			p9_put64(&q->m, offset + at);
			p9_put32(&q->m, q->want);
			q->started = !p9_start(dev, &q->m, type == P9_TWRITE ? buf + at : 0,
					       type == P9_TWRITE ? q->want : 0, q->r, sizeof(q->r),
					       type == P9_TREAD ? buf + at : 0, type == P9_TREAD ? q->want : 0,
					       &q->req);
			if (!q->started) {
				n++;
				break;
			}
			at += q->want;
		}
		/* Every piece started is finished (its tag and buffer are in use until then). */
		for (i = 0; i < n; i++) {
			struct piece *q = &p[i];
			struct p9_in in;
			long got;

			if (!q->started) {
				rc = rc ? rc : -UK_9P_EIO;
				continue;
			}
			got = p9_finish(dev, &q->req, type, &in);
			if (!got) {
				got = p9_get32(&in);
				if (in.bad || got > q->want)
					got = -UK_9P_EIO;
			}
			if (got < 0) {
				rc = rc ? rc : got;
			} else if (!rc && !short_piece) {
				done += (size_t)got;
				if ((uint32_t)got < q->want)
					short_piece = 1; /* end of file (or a short write): stop here */
			}
		}
		if (short_piece)
			break;
	}
	if (type == P9_TREAD)
		dev->stats.bytes_read += done;
	else
		dev->stats.bytes_written += done;
	return done ? (long)done : rc;
}

long uk_9p_read_range(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, void *buf, size_t len)
{
	return range(dev, P9_TREAD, fid, offset, buf, len);
}

long uk_9p_write_range(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, const void *buf,
		       size_t len)
{
	if (dev->readonly)
		return -30; /* EROFS: see ops.c */
	return range(dev, P9_TWRITE, fid, offset, (char *)buf, len);
}
