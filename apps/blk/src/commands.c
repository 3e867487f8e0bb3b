/*
 * The work behind each command. sha256 streams the range through the
 * asynchronous API with several requests in flight (the device's queue is
 * kept busy while the app hashes what already arrived); write fills the
 * range with its pattern through the synchronous layer and flushes.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include <uk/sha256.h>

#define CHUNK (64 * 1024)
#define NCHUNKS 8

static _Alignas(4096) unsigned char bufs[NCHUNKS][CHUNK];
static unsigned completions; /* callbacks seen, for the summary line */

static void on_done(struct uk_blkreq *req)
{
	(void)req;
	completions++;
}

unsigned blk_completions(void);
unsigned blk_completions(void)
{
	return completions;
}

/* Start reading the next chunk of [*next, end) into slot's buffer. */
static int start(struct uk_blkdev *dev, struct uk_blkreq *req, unsigned slot, uint64_t *next,
		 uint64_t end)
{
	uint64_t left = end - *next;

	memset(req, 0, sizeof(*req));
	req->op = UK_BLKREQ_READ;
	req->offset = *next;
	req->len = left < CHUNK ? (size_t)left : CHUNK;
	req->buf = bufs[slot];
	req->cb = on_done;
	*next += req->len;
	return uk_blkdev_submit(dev, req);
}

int cmd_sha256(struct uk_blkdev *dev, uint64_t offset, uint64_t len)
{
	struct uk_blkreq reqs[NCHUNKS];
	struct uk_sha256 s;
	uint8_t digest[UK_SHA256_DIGEST_LEN];
	char hex[UK_SHA256_HEX_LEN + 1];
	uint64_t next = offset, end = offset + len;
	unsigned i, slot, depth = uk_blkdev_info(dev)->queue_depth, inflight = 0;
	int rc = 0;

	if (depth > NCHUNKS)
		depth = NCHUNKS;
	/* A range the API would refuse is refused before anything is read. */
	rc = uk_blkdev_check_range(dev, UK_BLKREQ_READ, offset, bufs[0], len);
	if (rc)
		return rc;
	uk_sha256_init(&s);
	for (i = 0; i < depth && next < end && !rc; i++, inflight++)
		rc = start(dev, &reqs[i], i, &next, end);
	/* Hash the chunks in order; slot i's request is always the oldest. */
	for (slot = 0; inflight; slot = (slot + 1) % depth, inflight--) {
		int r = uk_blkdev_wait(dev, &reqs[slot]);

		if (r && !rc)
			rc = r;
		if (!rc)
			uk_sha256_update(&s, bufs[slot], reqs[slot].len);
		if (!rc && next < end) {
			rc = start(dev, &reqs[slot], slot, &next, end);
			if (!rc)
				inflight++;
		}
	}
	if (rc)
		return rc;
	uk_sha256_final(&s, digest);
	uk_sha256_hex(digest, hex);
	printf("sha256 %llu %llu %s\n", (unsigned long long)offset, (unsigned long long)len, hex);
	return 0;
}

int cmd_write(struct uk_blkdev *dev, uint64_t offset, uint64_t len, uint64_t seed)
{
	/* One pass per buffer-full. */
	static _Alignas(4096) unsigned char pattern[NCHUNKS * CHUNK];
	uint64_t done = 0;
	int rc = uk_blkdev_check_range(dev, UK_BLKREQ_WRITE, offset, pattern, len);

	if (rc)
		return rc; /* nothing of a bad range is written */
	while (done < len) {
		size_t n = len - done < sizeof(pattern) ? (size_t)(len - done) : sizeof(pattern);
		size_t i;

		for (i = 0; i < n; i++)
			pattern[i] = (unsigned char)((seed + done + i) * 131u);
		rc = uk_blkdev_write(dev, offset + done, pattern, n);
		if (rc)
			return rc;
		done += n;
	}
	rc = uk_blkdev_flush(dev);
	if (rc)
		return rc;
	printf("write %llu %llu %llu ok\n", (unsigned long long)offset, (unsigned long long)len,
	       (unsigned long long)seed);
	return 0;
}

int cmd_readbuf(struct uk_blkdev *dev, uint64_t offset, uint64_t len, uint64_t shift)
{
	if (len > CHUNK || shift >= CHUNK || len > CHUNK - shift)
		return -UK_BLKDEV_EINVAL;
	int rc = uk_blkdev_read(dev, offset, bufs[0] + shift, (size_t)len);

	if (!rc)
		printf("readbuf %llu %llu %llu ok\n", (unsigned long long)offset, (unsigned long long)len,
		       (unsigned long long)shift);
	return rc;
}
