/*
 * The uk side of `pnpm bench blk`: the same steps as the Linux guest's
 * reader (native/blk_reader.c), on disk 0 through @uk/blkdev alone, with
 * the same output lines, which the host timestamps as they arrive on the
 * serial console. The suite builds it as the main.c of a copy of apps/blk
 * (the same libraries: virtio-blk, interrupts with the cooperative
 * scheduler). Steps run in the order given:
 *
 *   first             read sector 0; "first-sector <hex of 8 bytes>"
 *   seq REQ TOTAL     TOTAL bytes in REQ-byte reads from offset 0 (wrapping
 *                     at the disk's end), one read at a time, as the Linux
 *                     reader's pread does
 *   rand QD COUNT     COUNT random 4 KiB reads with QD requests in flight
 *                     (fewer when the device's queue depth is lower: the
 *                     end line says how many, depth=N)
 *
 * seq and rand print "begin <step>" and "end <step> ns=<guest ns>" around
 * the measured part. Exit 0, or 1 on any error (printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/blkdev.h>
#include <uk/plat.h>

#define PAGE 4096
#define MAX_QD 64

static struct uk_blkdev *dev;
static uint64_t capacity;

static void *aligned(size_t n)
{
	void *p = NULL;

	if (posix_memalign(&p, PAGE, n) != 0 || !p) {
		printf("error: no memory for a %zu-byte buffer\n", n);
		exit(1);
	}
	return p;
}

static void check(int rc, const char *what)
{
	if (rc) {
		printf("error: %s: %d\n", what, rc);
		exit(1);
	}
}

static void first(void)
{
	unsigned char *buf = aligned(PAGE);

	check(uk_blkdev_read(dev, 0, buf, PAGE), "first");
	printf("first-sector ");
	for (int i = 0; i < 8; i++)
		printf("%02x", buf[i]);
	printf("\n");
	fflush(stdout);
}

static void seq(uint64_t req, uint64_t total)
{
	void *buf = aligned(req);
	uint64_t span = capacity - capacity % req;

	printf("begin seq\n");
	fflush(stdout);
	uint64_t t0 = uk_plat_monotonic_ns();
	for (uint64_t done = 0; done < total; done += req)
		check(uk_blkdev_read(dev, done % span, buf, req), "seq");
	printf("end seq ns=%llu\n", (unsigned long long)(uk_plat_monotonic_ns() - t0));
	fflush(stdout);
}

/* xorshift64, as the Linux reader's threads use (one sequence here). */
static uint64_t next_page(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (*x % (capacity / PAGE)) * PAGE;
}

static void rand_reads(unsigned qd, uint64_t count)
{
	static struct uk_blkreq reqs[MAX_QD];
	uint64_t x = 0x9e3779b97f4a7c15ull, submitted = 0, done = 0;
	unsigned depth = uk_blkdev_info(dev)->queue_depth;

	unsigned step = qd; /* the step's name keeps the depth asked for */

	/* The driver may allow fewer requests in flight than asked: use what it allows, and say so. */
	if (qd > depth)
		qd = depth;
	if (qd > MAX_QD)
		qd = MAX_QD;
	for (unsigned i = 0; i < qd; i++)
		reqs[i].buf = aligned(PAGE);
	printf("begin rand%u\n", step);
	fflush(stdout);
	uint64_t t0 = uk_plat_monotonic_ns();
	for (unsigned i = 0; i < qd && submitted < count; i++, submitted++) {
		reqs[i].op = UK_BLKREQ_READ;
		reqs[i].offset = next_page(&x);
		reqs[i].len = PAGE;
		check(uk_blkdev_submit(dev, &reqs[i]), "rand submit");
	}
	while (done < count) {
		int n = uk_blkdev_wait_any(dev, UINT64_MAX);

		if (n < 0)
			check(n, "rand wait");
		for (unsigned i = 0; i < qd; i++) {
			if (reqs[i].state != UK_BLKREQ_DONE)
				continue;
			check(reqs[i].result, "rand read");
			done++;
			reqs[i].state = UK_BLKREQ_IDLE;
			if (submitted < count) {
				reqs[i].offset = next_page(&x);
				check(uk_blkdev_submit(dev, &reqs[i]), "rand submit");
				submitted++;
			}
		}
	}
	printf("end rand%u ns=%llu depth=%u\n", step, (unsigned long long)(uk_plat_monotonic_ns() - t0), qd);
	fflush(stdout);
}

int main(int argc, char *argv[])
{
	dev = uk_blkdev_get(0);
	if (!dev) {
		printf("no block device\n");
		return 3;
	}
	capacity = uk_blkdev_capacity(dev);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "first")) {
			first();
		} else if (!strcmp(argv[i], "seq") && i + 2 < argc) {
			seq(strtoull(argv[i + 1], NULL, 0), strtoull(argv[i + 2], NULL, 0));
			i += 2;
		} else if (!strcmp(argv[i], "rand") && i + 2 < argc) {
			rand_reads((unsigned)strtoul(argv[i + 1], NULL, 0), strtoull(argv[i + 2], NULL, 0));
			i += 2;
		} else {
			printf("error: unknown step %s\n", argv[i]);
			return 2;
		}
	}
	return 0;
}
