/*
 * malloc family stress: many live blocks of random sizes filled with a
 * pattern derived from their address and size, randomly freed, reallocated
 * (larger and smaller) and checked, plus alignment, errno and edge cases.
 * Runs against uk's libc with @uk/alloc-core's malloc over an allocator
 * that reuses memory; prints "failures 0" when everything held.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

void *memalign(size_t align, size_t size); /* @uk/alloc-core's, not in stdlib.h */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#define SLOTS 256

static unsigned char *ptr[SLOTS];
static size_t len[SLOTS];
static unsigned char tag[SLOTS];

static void fill(int i)
{
	for (size_t k = 0; k < len[i]; k++)
		ptr[i][k] = (unsigned char)(tag[i] + k * 31);
}

static int intact(int i, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (ptr[i][k] != (unsigned char)(tag[i] + k * 31))
			return 0;
	return 1;
}

static size_t random_size(void)
{
	switch (next() % 8) {
	case 0:
		return 0;
	case 1:
		return next() % 16;
	case 7:
		return next() % 20000;
	default:
		return next() % 512;
	}
}

static void stress(void)
{
	for (int round = 0; round < 40000; round++) {
		int i = (int)(next() % SLOTS);
		int op = (int)(next() % 3);

		if (ptr[i]) {
			if (!intact(i, len[i])) {
				printf("FAIL corrupted slot %d len %zu round %d\n", i, len[i], round);
				failures++;
				return;
			}
			if (op == 0) {
				free(ptr[i]);
				ptr[i] = NULL;
				continue;
			}
			if (op == 1) {
				size_t n = random_size();
				unsigned char *q = realloc(ptr[i], n);

				if (n == 0) {
					ptr[i] = NULL; /* realloc(p, 0) freed it */
					continue;
				}
				CHECK(q != NULL);
				ptr[i] = q;
				/* the common prefix survives the move */
				if (!intact(i, n < len[i] ? n : len[i])) {
					printf("FAIL realloc lost data slot %d\n", i);
					failures++;
				}
				len[i] = n;
				fill(i);
				continue;
			}
		}
		if (!ptr[i]) {
			len[i] = random_size();
			tag[i] = (unsigned char)next();
			ptr[i] = op == 2 ? calloc(1, len[i]) : malloc(len[i]);
			CHECK(ptr[i] != NULL);
			CHECK(((uintptr_t)ptr[i] & 15) == 0);
			if (op == 2)
				for (size_t k = 0; k < len[i]; k++)
					CHECK(ptr[i][k] == 0);
			fill(i);
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (ptr[i])
			CHECK(intact(i, len[i]));
		free(ptr[i]);
		ptr[i] = NULL;
	}
}

static void edges(void)
{
	void *p, *q;
	int rc;

	free(NULL);
	p = malloc(0);
	CHECK(p != NULL);
	free(p);

	/* realloc(NULL, n) is malloc; growing keeps the contents */
	p = realloc(NULL, 32);
	CHECK(p != NULL);
	memset(p, 0x5a, 32);
	q = realloc(p, 4096);
	CHECK(q != NULL);
	CHECK(((unsigned char *)q)[31] == 0x5a);
	free(q);

	/* libc functions that allocate use the same malloc */
	p = strdup("copied");
	CHECK(p && strcmp(p, "copied") == 0);
	free(p);
	p = memalign(64, 10);
	CHECK(p && ((uintptr_t)p & 63) == 0);
	free(p);

	for (size_t align = 1; align <= 4096; align *= 2) {
		p = aligned_alloc(align, 100);
		CHECK(p && ((uintptr_t)p & (align - 1)) == 0);
		memset(p, 1, 100);
		q = malloc(10);
		free(p);
		free(q);
		rc = posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, 33);
		CHECK(rc == 0 && ((uintptr_t)p & (align - 1)) == 0);
		free(p);
	}
	CHECK(posix_memalign(&p, 3, 10) == EINVAL);
	CHECK(posix_memalign(&p, 2, 10) == EINVAL);
	errno = 0;
	CHECK(aligned_alloc(24, 10) == NULL && errno == EINVAL);

	/* far more than the heap: NULL with ENOMEM, and nothing breaks after */
	errno = 0;
	CHECK(malloc((size_t)1 << 40) == NULL && errno == ENOMEM);
	errno = 0;
	CHECK(calloc((size_t)1 << 33, (size_t)1 << 33) == NULL && errno == ENOMEM);
	errno = 0;
	CHECK(malloc(SIZE_MAX) == NULL && errno == ENOMEM);
	p = malloc(100);
	CHECK(p != NULL);
	free(p);

	/* freed memory is reused: the heap does not run out on a steady load */
	for (int i = 0; i < 100000; i++) {
		p = malloc(1000);
		q = malloc(3000);
		CHECK(p && q);
		free(p);
		free(q);
		if (!p || !q)
			break;
	}
	for (int i = 0; i < 2000; i++) {
		void *keep = malloc(64);
		p = malloc(512);
		CHECK(keep && p);
		free(p);
		if (!keep || !p)
			break;
		/* keep is leaked on purpose, to pin blocks under the bump pointer */
	}
}

int ENTRY(void)
{
	edges();
	stress();
	edges();
	return checks_done();
}
