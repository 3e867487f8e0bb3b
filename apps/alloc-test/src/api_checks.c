/*
 * The checks alloc-test runs on each registered allocator through the
 * @uk/alloc API: objects of many sizes (alignment, no overlap, contents),
 * calloc, realloc, memalign, posix_memalign, pages, errno on exhaustion,
 * double-free detection, statistics (with alloc-core's stats feature), and
 * that freeing everything gives back every byte (allocators that reuse).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <uk/alloc.h>
#include "check.h"

#define NOBJ 12
static const size_t sizes[NOBJ] = { 0, 1, 15, 16, 17, 100, 256, 1000, 2000, 4096, 10000, 100000 };

static unsigned char pattern(int i, size_t k)
{
	return (unsigned char)(i * 37 + k * 13 + 1);
}

static int intact(const unsigned char *p, int i, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (p[k] != pattern(i, k))
			return 0;
	return 1;
}

static void fill(unsigned char *p, int i, size_t n)
{
	for (size_t k = 0; k < n; k++)
		p[k] = pattern(i, k);
}

static int faults_seen;
static void count_fault(struct uk_alloc *a, enum uk_alloc_fault f, const void *p)
{
	(void)a, (void)f, (void)p;
	faults_seen++;
}

/* malloc every size, fill, check alignment and that no block overlaps. */
static void objects(struct uk_alloc *a, const char *n, unsigned char **obj)
{
	int aligned = 1, all = 1, kept = 1;

	for (int i = 0; i < NOBJ; i++) {
		obj[i] = uk_malloc(a, sizes[i]);
		all &= obj[i] != NULL;
		if (!obj[i])
			continue;
		aligned &= ((uintptr_t)obj[i] % UK_ALLOC_MIN_ALIGN) == 0;
		fill(obj[i], i, sizes[i]);
	}
	for (int i = 0; i < NOBJ; i++)
		kept &= obj[i] && intact(obj[i], i, sizes[i]) && uk_alloc_usable_size(a, obj[i]) >= sizes[i];
	CHECK(all, "%s: malloc of %d sizes from 0 to 100000 bytes", n, NOBJ);
	CHECK(aligned, "%s: objects %d-byte aligned", n, UK_ALLOC_MIN_ALIGN);
	CHECK(kept, "%s: contents intact with all blocks live (no overlap), usable_size >= size", n);
}

static void resize(struct uk_alloc *a, const char *n, unsigned char **obj)
{
	unsigned char *p = uk_realloc(a, obj[5], 50000);

	CHECK(p && intact(p, 5, sizes[5]), "%s: realloc grows 100 -> 50000 keeping contents", n);
	if (p) {
		obj[5] = p;
		p = uk_realloc(a, p, 40);
		CHECK(p && intact(p, 5, 40), "%s: realloc shrinks to 40 keeping contents", n);
		if (p)
			obj[5] = p;
	}
	p = uk_calloc(a, 300, 7);
	int zero = p != NULL;
	for (size_t k = 0; p && k < 2100; k++)
		zero &= p[k] == 0;
	CHECK(zero, "%s: calloc(300, 7) zeroed", n);
	uk_free(a, p);
	errno = 0;
	CHECK(uk_calloc(a, (size_t)1 << 40, (size_t)1 << 40) == NULL && errno == ENOMEM,
	      "%s: calloc overflow -> NULL, ENOMEM", n);
	CHECK(uk_realloc(a, uk_malloc(a, 10), 0) == NULL, "%s: realloc(p, 0) frees, returns NULL", n);
}

static void aligned(struct uk_alloc *a, const char *n)
{
	int ok = 1;
	void *p;

	for (size_t al = 32; al <= 8192; al *= 2) {
		p = uk_memalign(a, al, 300);
		ok &= p && ((uintptr_t)p & (al - 1)) == 0;
		if (p)
			memset(p, 0xaa, 300);
		uk_free(a, p);
	}
	CHECK(ok, "%s: memalign 32..8192 aligned", n);
	p = NULL;
	CHECK(uk_posix_memalign(a, &p, 128, 64) == 0 && ((uintptr_t)p & 127) == 0,
	      "%s: posix_memalign 128", n);
	uk_free(a, p);
	CHECK(uk_posix_memalign(a, &p, 24, 64) == EINVAL, "%s: posix_memalign 24 -> EINVAL", n);
	errno = 0;
	CHECK(uk_memalign(a, 48, 64) == NULL && errno == EINVAL, "%s: memalign 48 -> NULL, EINVAL", n);
}

static void pages(struct uk_alloc *a, const char *n)
{
	unsigned char *p1 = uk_palloc(a, 1), *p16 = uk_palloc(a, 16);

	CHECK(p1 && p16 && ((uintptr_t)p1 | (uintptr_t)p16) % UK_ALLOC_PAGE_SIZE == 0,
	      "%s: palloc 1 and 16 pages, page aligned", n);
	if (p1 && p16) {
		memset(p1, 1, UK_ALLOC_PAGE_SIZE);
		memset(p16, 2, 16 * UK_ALLOC_PAGE_SIZE);
		CHECK(p1[UK_ALLOC_PAGE_SIZE - 1] == 1 && p16[0] == 2 && p16[16 * UK_ALLOC_PAGE_SIZE - 1] == 2,
		      "%s: pages writable and disjoint", n);
	}
	uk_pfree(a, p1, 1);
	uk_pfree(a, p16, 16);
}

/* Last on each allocator: a non-reusing one may be used up afterwards. */
static void exhaust(struct uk_alloc *a, const char *n, int reuses)
{
	struct uk_alloc_stats s0, s1;
	size_t big = uk_alloc_availmem(a) * 2 + UK_ALLOC_PAGE_SIZE;

	uk_alloc_stats_get(a, &s0);
	errno = 0;
	CHECK(uk_malloc(a, big) == NULL && errno == ENOMEM, "%s: malloc beyond availmem -> NULL, ENOMEM", n);
	uk_alloc_stats_get(a, &s1);
	CHECK(s1.nb_enomem == s0.nb_enomem + 1, "%s: nb_enomem counted", n);
	size_t max = uk_alloc_maxalloc(a);
	if (!reuses && a == uk_alloc_default()) {
		/* Taking it would leave nothing for libc's malloc afterwards. */
		CHECK(max > 0 && max <= uk_alloc_availmem(a), "%s: 0 < maxalloc (%zu) <= availmem", n, max);
		return;
	}
	void *p = uk_malloc(a, max);
	CHECK(max > 0 && p != NULL, "%s: maxalloc (%zu bytes) can be allocated", n, max);
	uk_free(a, p);
}

static void double_free(struct uk_alloc *a, const char *n)
{
	struct uk_alloc_stats s0, s1;
	uk_alloc_fault_hook old = uk_alloc_set_fault_hook(count_fault);
	void *p = uk_malloc(a, 64);

	faults_seen = 0;
	uk_alloc_stats_get(a, &s0);
	uk_free(a, p);
	uk_free(a, p);
	uk_alloc_stats_get(a, &s1);
	uk_alloc_set_fault_hook(old);
	CHECK(faults_seen == 1 && s1.nb_faults == s0.nb_faults + 1, "%s: double free reported once", n);
}

void api_checks(struct uk_alloc *a, int reuses)
{
	const char *n = uk_alloc_name(a);
	unsigned char *obj[NOBJ];
	struct uk_alloc_stats s0, s1, s2;
	size_t avail0 = uk_alloc_availmem(a), avail1;

	printf("== %s: %zu bytes free, largest block %zu\n", n, avail0, uk_alloc_maxalloc(a));
	uk_alloc_stats_get(a, &s0);
	objects(a, n, obj);
	uk_alloc_stats_get(a, &s1);
	CHECK(uk_alloc_availmem(a) < avail0, "%s: availmem drops while blocks are live", n);
	if (s1.bytes_tracked) {
		size_t want = 0;
		for (int i = 0; i < NOBJ; i++)
			want += sizes[i];
		CHECK(s1.nb_allocs == s0.nb_allocs + NOBJ && s1.cur_bytes >= s0.cur_bytes + want &&
		      s1.peak_bytes >= s1.cur_bytes,
		      "%s: stats count %d allocations, >= %zu bytes in use", n, NOBJ, want);
	}
	resize(a, n, obj);
	aligned(a, n);
	pages(a, n);
	for (int i = 0; i < NOBJ; i++)
		uk_free(a, obj[i]);
	uk_alloc_stats_get(a, &s2);
	avail1 = uk_alloc_availmem(a);
	if (s2.bytes_tracked)
		CHECK(s2.cur_bytes == s0.cur_bytes && s2.nb_allocs - s0.nb_allocs == s2.nb_frees - s0.nb_frees,
		      "%s: stats back to %zu bytes in use, as many frees as allocations", n, s0.cur_bytes);
	else
		printf("-- %s: stats feature off, byte counts not checked\n", n);
	if (reuses)
		CHECK(avail1 == avail0, "%s: availmem restored after freeing everything (%zu)", n, avail1);
	else
		CHECK(avail1 < avail0, "%s: availmem not restored (free never reuses memory)", n);
	double_free(a, n);
	exhaust(a, n, reuses);
}
