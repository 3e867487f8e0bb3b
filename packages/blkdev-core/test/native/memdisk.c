/*
 * Host test of @uk/blkdev-core with a driver over memory: requests finish
 * only when reaped, newest first (so completions come out of order), and
 * every refusal the API promises is checked. Built twice: without a
 * scheduler (waits poll) and with WITH_SCHED, where uk_waitq_wait stands in
 * for a sleeping thread and the "interrupt" arrives while it sleeps.
 * Prints one line per failed check and "OK <variant>" at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uk/blkdev_impl.h>
#include <uk/plat.h>

static int failures;
#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);    \
			failures++;                                            \
		}                                                              \
	} while (0)

/* ---- the platform pieces the core uses ---- */
void uk_plat_console_write(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

uint64_t uk_plat_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- a driver over memory ---- */
#define DISK_BYTES (256 * 1024)
#define DEPTH 4

struct memdisk {
	struct uk_blkdev blk;
	unsigned char data[DISK_BYTES];
	struct uk_blkreq *pending[DEPTH];
	unsigned npending, submits, max_seen_len;
	int fail_next; /* the next submit is refused by the "device" */
	int full_next; /* the next submit finds the "ring" full */
	int ready; /* the device has finished what is pending */
};

static int md_submit(struct uk_blkdev *blk, struct uk_blkreq *req)
{
	struct memdisk *d = (struct memdisk *)blk;

	d->submits++;
	if (d->full_next) {
		d->full_next = 0;
		return -UK_BLKDEV_EAGAIN;
	}
	if (d->fail_next) {
		d->fail_next = 0;
		return -UK_BLKDEV_EIO;
	}
	if (req->len > d->max_seen_len)
		d->max_seen_len = (unsigned)req->len;
	if (d->npending >= DEPTH) {
		printf("FAIL driver got more than queue_depth requests\n");
		failures++;
		return -UK_BLKDEV_EIO;
	}
	d->pending[d->npending++] = req;
	return 0;
}

static int md_reap(struct uk_blkdev *blk)
{
	struct memdisk *d = (struct memdisk *)blk;
	int n = 0;

	/* Polled, the device needs one more look; with a scheduler, an interrupt. */
	if (!d->ready) {
		if (!uk_blkdev_can_sleep())
			d->ready = 1;
		return 0;
	}
	d->ready = 0;
	while (d->npending) { /* newest first */
		struct uk_blkreq *r = d->pending[--d->npending];

		if (r->op == UK_BLKREQ_READ)
			memcpy(r->buf, d->data + r->offset, r->len);
		else if (r->op == UK_BLKREQ_WRITE)
			memcpy(d->data + r->offset, r->buf, r->len);
		uk_blkdev_complete(blk, r, 0);
		n++;
	}
	return n;
}

static const struct uk_blkdev_ops md_ops = { md_submit, md_reap };

static struct memdisk disk, ro;

#ifdef WITH_SCHED
/* The scheduler: a "sleep" during which the device interrupts. */
static unsigned sleeps, wakes;
struct uk_waitq;
int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline);
int uk_waitq_wake_all(struct uk_waitq *wq);
int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline)
{
	(void)wq;
	(void)deadline;
	sleeps++;
	disk.ready = 1;
	uk_blkdev_irq(&disk.blk);
	return 0;
}
int uk_waitq_wake_all(struct uk_waitq *wq)
{
	(void)wq;
	wakes++;
	return 0;
}
#endif

static unsigned callbacks;
static void count_cb(struct uk_blkreq *req)
{
	CHECK(req->state == UK_BLKREQ_DONE);
	callbacks++;
}

static void setup(struct memdisk *d, const char *name, int read_only)
{
	d->blk.ops = &md_ops;
	d->blk.info.name = name;
	d->blk.info.capacity = DISK_BYTES;
	d->blk.info.sector_size = 512;
	d->blk.info.buf_align = 512;
	d->blk.info.max_request = 16 * 1024;
	d->blk.info.queue_depth = DEPTH;
	d->blk.info.read_only = (uint8_t)read_only;
	d->blk.info.interrupts = uk_blkdev_can_sleep();
}

static _Alignas(4096) unsigned char buf[DISK_BYTES + 4096];

int main(void)
{
	struct uk_blkdev_stats st;
	struct uk_blkreq reqs[DEPTH + 1];
	struct memdisk bad;
	unsigned i;

	/* Registration: invalid info is refused, devices are numbered in order. */
	memset(&bad, 0, sizeof(bad));
	setup(&bad, "bad0", 0);
	bad.blk.info.sector_size = 768;
	CHECK(uk_blkdev_register(&bad.blk) == -UK_BLKDEV_EINVAL);
	setup(&disk, "mem0", 0);
	setup(&ro, "mem1", 1);
	CHECK(uk_blkdev_count() == 0 && uk_blkdev_get(0) == NULL);
	CHECK(uk_blkdev_register(&disk.blk) == 0);
	CHECK(uk_blkdev_register(&ro.blk) == 1);
	CHECK(uk_blkdev_register(&disk.blk) == 0);
	CHECK(uk_blkdev_count() == 2 && uk_blkdev_get(0) == &disk.blk && uk_blkdev_get(1) == &ro.blk);
	CHECK(uk_blkdev_get(2) == NULL);
	CHECK(uk_blkdev_capacity(&disk.blk) == DISK_BYTES && uk_blkdev_sector_size(&disk.blk) == 512);
	CHECK(!strcmp(uk_blkdev_info(&ro.blk)->name, "mem1"));

	/* Synchronous write then read across several requests, several in flight. */
	for (i = 0; i < 100 * 1024; i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	CHECK(uk_blkdev_write(&disk.blk, 4096, buf, 100 * 1024) == 0);
	CHECK(uk_blkdev_flush(&disk.blk) == 0);
	for (i = 0; i < 100 * 1024; i++)
		CHECK(disk.data[4096 + i] == (unsigned char)(i * 131 + 7));
	memset(buf, 0, 100 * 1024);
	CHECK(uk_blkdev_read(&disk.blk, 4096, buf, 100 * 1024) == 0);
	for (i = 0; i < 100 * 1024 && buf[i] == (unsigned char)(i * 131 + 7); i++)
		;
	CHECK(i == 100 * 1024);
	CHECK(disk.max_seen_len == 16 * 1024);
	uk_blkdev_stats_get(&disk.blk, &st);
	CHECK(st.writes == 7 && st.reads == 7 && st.flushes == 1);
	CHECK(st.bytes_written == 100 * 1024 && st.bytes_read == 100 * 1024);
	CHECK(st.max_inflight == DEPTH && st.errors == 0 && st.refused == 0);
	CHECK(uk_blkdev_inflight(&disk.blk) == 0);

	/* Refusals: nothing reaches the driver, nothing is written. */
	disk.submits = 0;
	CHECK(uk_blkdev_read(&disk.blk, 100, buf, 512) == -UK_BLKDEV_EINVAL);
	CHECK(uk_blkdev_read(&disk.blk, 0, buf, 100) == -UK_BLKDEV_EINVAL);
	CHECK(uk_blkdev_read(&disk.blk, 0, buf + 1, 512) == -UK_BLKDEV_EINVAL);
	CHECK(uk_blkdev_read(&disk.blk, 0, buf, 0) == -UK_BLKDEV_EINVAL);
	CHECK(uk_blkdev_read(&disk.blk, DISK_BYTES - 512, buf, 1024) == -UK_BLKDEV_ENXIO);
	CHECK(uk_blkdev_read(&disk.blk, DISK_BYTES, buf, 512) == -UK_BLKDEV_ENXIO);
	CHECK(uk_blkdev_read(&disk.blk, UINT64_MAX - 511, buf, 1024) == -UK_BLKDEV_ENXIO);
	CHECK(uk_blkdev_write(&ro.blk, 0, buf, 512) == -UK_BLKDEV_EROFS);
	CHECK(uk_blkdev_write(&disk.blk, DISK_BYTES - 512, buf, 4096) == -UK_BLKDEV_ENXIO);
	CHECK(uk_blkdev_check_range(&disk.blk, UK_BLKREQ_WRITE, 0, buf, DISK_BYTES) == 0);
	CHECK(uk_blkdev_check_range(&ro.blk, UK_BLKREQ_READ, 0, buf, DISK_BYTES) == 0);
	CHECK(uk_blkdev_check_range(&disk.blk, UK_BLKREQ_FLUSH, 0, buf, 512) == -UK_BLKDEV_EINVAL);
	CHECK(disk.submits == 0 && ro.submits == 0);
	memset(&reqs[0], 0, sizeof(reqs[0]));
	reqs[0].op = UK_BLKREQ_READ;
	reqs[0].len = 32 * 1024; /* above max_request */
	reqs[0].buf = buf;
	CHECK(uk_blkdev_submit(&disk.blk, &reqs[0]) == -UK_BLKDEV_EINVAL);
	CHECK(reqs[0].state == UK_BLKREQ_IDLE && reqs[0].result == -UK_BLKDEV_EINVAL);
	reqs[0].op = (enum uk_blkreq_op)7;
	reqs[0].len = 512;
	CHECK(uk_blkdev_submit(&disk.blk, &reqs[0]) == -UK_BLKDEV_EINVAL);
	CHECK(disk.submits == 0);
	uk_blkdev_stats_get(&disk.blk, &st);
	CHECK(st.refused == 10); /* the read-only device counts its own */
	uk_blkdev_stats_get(&ro.blk, &st);
	CHECK(st.refused == 1);

	/* Asynchronous: the queue fills, completions arrive out of order, each callback once. */
	for (i = 0; i <= DEPTH; i++) {
		memset(&reqs[i], 0, sizeof(reqs[i]));
		reqs[i].op = UK_BLKREQ_READ;
		reqs[i].offset = 4096 + i * 512;
		reqs[i].len = 512;
		reqs[i].buf = buf + i * 512;
		reqs[i].cb = count_cb;
	}
	for (i = 0; i < DEPTH; i++)
		CHECK(uk_blkdev_submit(&disk.blk, &reqs[i]) == 0);
	CHECK(uk_blkdev_submit(&disk.blk, &reqs[DEPTH]) == -UK_BLKDEV_EAGAIN);
	CHECK(uk_blkdev_inflight(&disk.blk) == DEPTH && callbacks == 0);
	CHECK(uk_blkdev_wait(&disk.blk, &reqs[0]) == 0);
	CHECK(callbacks == DEPTH && uk_blkdev_inflight(&disk.blk) == 0);
	for (i = 0; i < DEPTH; i++)
		CHECK(reqs[i].state == UK_BLKREQ_DONE && buf[i * 512] == (unsigned char)((i * 512) * 131 + 7));
	CHECK(uk_blkdev_poll(&disk.blk) == 0 && uk_blkdev_wait_any(&disk.blk, UINT64_MAX) == 0);

	/* A request the device refuses finishes with the error through its callback. */
	disk.fail_next = 1;
	CHECK(uk_blkdev_submit(&disk.blk, &reqs[0]) == 0);
	CHECK(uk_blkdev_wait(&disk.blk, &reqs[0]) == -UK_BLKDEV_EIO);
	CHECK(callbacks == DEPTH + 1);
	disk.fail_next = 1;
	CHECK(uk_blkdev_read(&disk.blk, 0, buf, 64 * 1024) == -UK_BLKDEV_EIO);
	uk_blkdev_stats_get(&disk.blk, &st);
	CHECK(st.errors == 2);
	CHECK(uk_blkdev_can_sleep() ? st.interrupts > 0 : st.interrupts == 0);
	uk_blkdev_stats_reset(&disk.blk);
	uk_blkdev_stats_get(&disk.blk, &st);
	CHECK(st.errors == 0 && st.reads == 0);

	/* A ring without room refuses with EAGAIN: not in flight, no callback; the sync layer retries. */
	disk.full_next = 1;
	CHECK(uk_blkdev_submit(&disk.blk, &reqs[0]) == -UK_BLKDEV_EAGAIN);
	CHECK(reqs[0].state == UK_BLKREQ_IDLE && uk_blkdev_inflight(&disk.blk) == 0);
	CHECK(callbacks == DEPTH + 1);
	disk.full_next = 1;
	memset(buf, 0, 4096);
	CHECK(uk_blkdev_read(&disk.blk, 4096, buf, 4096) == 0);
	CHECK(buf[4095] == (unsigned char)(4095 * 131 + 7));
	uk_blkdev_stats_get(&disk.blk, &st);
	CHECK(st.refused == 2 && st.reads == 1 && st.errors == 0 && st.max_inflight == 1);

#ifdef WITH_SCHED
	CHECK(uk_blkdev_can_sleep() == 1);
	CHECK(sleeps > 0 && wakes == sleeps);
	printf(failures ? "FAILED sched\n" : "OK sched\n");
#else
	CHECK(uk_blkdev_can_sleep() == 0);
	printf(failures ? "FAILED polled\n" : "OK polled\n");
#endif
	return failures != 0;
}
