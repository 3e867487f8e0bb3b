/*
 * threads N SIZE: N threads at once each create t<i>.bin (SIZE bytes of
 * pattern i, written in 8 KiB messages so their requests interleave), read
 * it back and compare; prints how many requests were in flight together.
 * Without a scheduler the threads run one after another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client.h"

#define MAX_THREADS 16
#define CHUNK 8192

struct uk_thread;
extern int uk_thread_create(struct uk_thread **out, const char *name, size_t stack_size,
			    void *(*fn)(void *), void *arg) __attribute__((weak));
extern int uk_thread_join(struct uk_thread *t, void **result) __attribute__((weak));

struct job {
	unsigned i;
	uint64_t size;
	long rc;
};

static unsigned char pattern_byte(unsigned i, uint64_t off)
{
	return (unsigned char)((off * 7 + i * 13 + (off >> 8)) & 0xff);
}

static void *worker(void *arg)
{
	struct job *j = arg;
	unsigned char buf[CHUNK], back[CHUNK];
	char name[16];
	long fid = uk_9p_fid_alloc(dev);
	uint64_t off;

	snprintf(name, sizeof(name), "t%u.bin", j->i);
	if (fid < 0 || uk_9p_walk(dev, root_fid, (uint32_t)fid, 0, 0, 0, 0) < 0) {
		j->rc = -5;
		return 0;
	}
	j->rc = uk_9p_lcreate(dev, (uint32_t)fid, name, strlen(name), 02 | 01000 | 0100, 0644, 0, 0, 0);
	for (off = 0; !j->rc && off < j->size; off += CHUNK) {
		uint32_t n = j->size - off < CHUNK ? (uint32_t)(j->size - off) : CHUNK, done = 0;

		for (uint32_t k = 0; k < n; k++)
			buf[k] = pattern_byte(j->i, off + k);
		while (!j->rc && done < n) {
			long w = uk_9p_write(dev, (uint32_t)fid, off + done, buf + done, n - done);

			if (w <= 0)
				j->rc = w ? w : -5;
			else
				done += (uint32_t)w;
		}
		for (done = 0; !j->rc && done < n;) {
			long r = uk_9p_read(dev, (uint32_t)fid, off + done, back + done, n - done);

			if (r <= 0)
				j->rc = r ? r : -5;
			else
				done += (uint32_t)r;
		}
		if (!j->rc && memcmp(buf, back, n))
			j->rc = -5;
	}
	uk_9p_clunk(dev, (uint32_t)fid);
	return 0;
}

int cmd_threads(unsigned n, uint64_t size)
{
	struct uk_thread *t[MAX_THREADS];
	struct job jobs[MAX_THREADS];
	int threaded = uk_thread_create && uk_thread_join, failed = 0;

	if (n < 1 || n > MAX_THREADS)
		return -22;
	for (unsigned i = 0; i < n; i++) {
		jobs[i].i = i;
		jobs[i].size = size;
		jobs[i].rc = 0;
		if (!threaded || uk_thread_create(&t[i], "9p-job", 0, worker, &jobs[i]) < 0) {
			t[i] = 0;
			worker(&jobs[i]);
		}
	}
	for (unsigned i = 0; i < n; i++) {
		if (t[i])
			uk_thread_join(t[i], 0);
		if (jobs[i].rc) {
			printf("threads: t%u.bin failed: %s\n", i, errname(jobs[i].rc));
			failed = 1;
		}
	}
	printf("threads %u done, max in flight %llu\n", n,
	       (unsigned long long)uk_9p_stats(dev)->max_inflight);
	return failed ? -5 : 0;
}
