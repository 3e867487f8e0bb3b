/*
 * parallel N OFFSET LENGTH: N threads each hash one N-th of the range
 * through the synchronous layer at the same time, so several threads sleep
 * on the same disk and its interrupts must wake each of them. The
 * scheduler is reached through weak references, because the app also
 * builds without one; then the parts are hashed one after another.
 */
#include <stdio.h>
#include "commands.h"
#include <uk/sha256.h>

#define MAX_PARTS 8
#define PART_CHUNK (32 * 1024)

struct uk_thread;
extern int uk_thread_create(struct uk_thread **out, const char *name, size_t stack_size,
			    void *(*fn)(void *), void *arg) __attribute__((weak));
extern int uk_thread_join(struct uk_thread *t, void **result) __attribute__((weak));

struct part {
	struct uk_blkdev *dev;
	uint64_t offset, len;
	unsigned char *buf;
	int rc;
	uint8_t digest[UK_SHA256_DIGEST_LEN];
};

static _Alignas(4096) unsigned char part_bufs[MAX_PARTS][PART_CHUNK];

static void *hash_part(void *arg)
{
	struct part *p = arg;
	struct uk_sha256 s;
	uint64_t done = 0;

	uk_sha256_init(&s);
	while (done < p->len) {
		size_t n = p->len - done < PART_CHUNK ? (size_t)(p->len - done) : PART_CHUNK;

		p->rc = uk_blkdev_read(p->dev, p->offset + done, p->buf, n);
		if (p->rc)
			return 0;
		uk_sha256_update(&s, p->buf, n);
		done += n;
	}
	uk_sha256_final(&s, p->digest);
	return 0;
}

int cmd_parallel(struct uk_blkdev *dev, uint64_t n, uint64_t offset, uint64_t len)
{
	struct part parts[MAX_PARTS];
	struct uk_thread *threads[MAX_PARTS];
	uint32_t sector = uk_blkdev_sector_size(dev);
	uint64_t each, i;
	char hex[UK_SHA256_HEX_LEN + 1];
	int threaded = uk_thread_create && uk_thread_join;
	int rc = uk_blkdev_check_range(dev, UK_BLKREQ_READ, offset, part_bufs[0], len);

	if (rc)
		return rc;
	if (n < 1 || n > MAX_PARTS || len < n * sector)
		return -UK_BLKDEV_EINVAL;
	each = len / n / sector * sector; /* the last part takes the rest */
	for (i = 0; i < n; i++) {
		parts[i].dev = dev;
		parts[i].offset = offset + i * each;
		parts[i].len = i + 1 < n ? each : len - i * each;
		parts[i].buf = part_bufs[i];
		parts[i].rc = 0;
		if (!threaded || uk_thread_create(&threads[i], "part", 0, hash_part, &parts[i]) < 0) {
			threads[i] = 0;
			hash_part(&parts[i]);
		}
	}
	for (i = 0; i < n; i++)
		if (threads[i])
			uk_thread_join(threads[i], 0);
	printf("parallel %llu %llu %llu: %s\n", (unsigned long long)n, (unsigned long long)offset,
	       (unsigned long long)len, threaded ? "one thread per part" : "one part after another");
	for (i = 0; i < n; i++) {
		if (parts[i].rc) {
			if (!rc)
				rc = parts[i].rc;
			continue;
		}
		uk_sha256_hex(parts[i].digest, hex);
		printf("sha256 %llu %llu %s\n", (unsigned long long)parts[i].offset,
		       (unsigned long long)parts[i].len, hex);
	}
	return rc;
}
