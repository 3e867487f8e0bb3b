/*
 * blk: uses disk 0 through @uk/blkdev alone, driven by its arguments so
 * tests and users can script it. Commands chain:
 *   sha256 OFFSET LENGTH       prints "sha256 OFFSET LENGTH <hex>"
 *   write OFFSET LENGTH SEED   byte i of the range = ((SEED + i) * 131) mod 256, then flush
 *   readbuf OFFSET LENGTH SHIFT  read into a buffer SHIFT bytes past an aligned one
 *   parallel N OFFSET LENGTH   N threads hash one N-th of the range each, at once
 * Exit codes: 0 all done, 1 a command was refused or failed (each error is
 * printed on its own line and the chain goes on, so one run can show
 * several), 2 bad arguments (nothing is run), 3 no block device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/blkdev.h>
#include "commands.h"

unsigned blk_completions(void);

static const char *errname(int rc)
{
	switch (-rc) {
	case UK_BLKDEV_EIO: return "EIO (the device reported an error)";
	case UK_BLKDEV_ENXIO: return "ENXIO (the range goes past the end of the disk)";
	case UK_BLKDEV_EAGAIN: return "EAGAIN (the queue is full)";
	case UK_BLKDEV_EINVAL: return "EINVAL (offset, length and buffer must be multiples of the sector size)";
	case UK_BLKDEV_EROFS: return "EROFS (the disk is read-only)";
	default: return "unknown error";
	}
}

/* A non-negative decimal or 0x number filling the whole word. */
static int number(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 0);
	return *end ? -1 : 0;
}

/* How many numbers a command takes; -1 for an unknown command. */
static int arity(const char *cmd)
{
	if (!strcmp(cmd, "sha256"))
		return 2;
	if (!strcmp(cmd, "write") || !strcmp(cmd, "readbuf") || !strcmp(cmd, "parallel"))
		return 3;
	return -1;
}

static void describe(struct uk_blkdev *dev)
{
	const struct uk_blkdev_info *i = uk_blkdev_info(dev);

	printf("disk 0: %s, %llu bytes, %u-byte sectors, %s, queue depth %u, %s\n", i->name,
	       (unsigned long long)i->capacity, i->sector_size, i->read_only ? "read-only" : "read-write",
	       i->queue_depth, i->interrupts ? "interrupts" : "polled");
}

static void summary(struct uk_blkdev *dev)
{
	struct uk_blkdev_stats st;

	uk_blkdev_stats_get(dev, &st);
	printf("stats: reads %llu, writes %llu, flushes %llu, bytes read %llu, bytes written %llu, "
	       "errors %llu, refused %llu, interrupts %llu, max in flight %u, callbacks %u\n",
	       (unsigned long long)st.reads, (unsigned long long)st.writes, (unsigned long long)st.flushes,
	       (unsigned long long)st.bytes_read, (unsigned long long)st.bytes_written,
	       (unsigned long long)st.errors, (unsigned long long)st.refused,
	       (unsigned long long)st.interrupts, st.max_inflight, blk_completions());
}

int main(int argc, char *argv[])
{
	struct uk_blkdev *dev = uk_blkdev_get(0);
	int i, failed = 0;

	if (!dev) {
		printf("no block device\n");
		return 3;
	}
	/* Check the whole chain first: a typo runs nothing. */
	for (i = 1; i < argc; i += 1 + arity(argv[i])) {
		int k, n = arity(argv[i]);
		uint64_t x;

		if (n < 0 || i + n >= argc) {
			printf("usage: blk [sha256 OFFSET LENGTH | write OFFSET LENGTH SEED | readbuf OFFSET LENGTH SHIFT |"
			       " parallel N OFFSET LENGTH]...\n");
			return 2;
		}
		for (k = 1; k <= n; k++) {
			if (number(argv[i + k], &x)) {
				printf("blk: %s: '%s' is not a number\n", argv[i], argv[i + k]);
				return 2;
			}
		}
	}
	describe(dev);
	for (i = 1; i < argc;) {
		const char *cmd = argv[i];
		uint64_t a[3];
		int k, rc, n = arity(cmd);

		for (k = 0; k < n; k++)
			number(argv[i + 1 + k], &a[k]);
		if (n == 2)
			rc = cmd_sha256(dev, a[0], a[1]);
		else if (!strcmp(cmd, "write"))
			rc = cmd_write(dev, a[0], a[1], a[2]);
		else if (!strcmp(cmd, "parallel"))
			rc = cmd_parallel(dev, a[0], a[1], a[2]);
		else
			rc = cmd_readbuf(dev, a[0], a[1], a[2]);
		if (rc) {
			printf("error: %s", cmd);
			for (k = 0; k < n; k++)
				printf(" %s", argv[i + 1 + k]);
			printf(": %s, code %d\n", errname(rc), rc);
			failed = 1;
		}
		i += 1 + n;
	}
	summary(dev);
	return failed;
}
