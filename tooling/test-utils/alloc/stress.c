/*
 * Randomized stress test of one allocator against a shadow model, run on
 * the host. Compiled with the allocator's sources and @uk/alloc-core, with
 * ALLOC_HEADER / ALLOC_CREATE naming the implementation and REUSES_MEMORY
 * 0 for allocators that never reuse freed memory (region).
 *
 * Checks, on every operation: alignment; usable size >= requested size;
 * no overlap with any live block (treap); contents preserved (each block is
 * filled with a pattern, verified before free and across realloc); calloc
 * zeroes. Periodically: exhaustion gives NULL + ENOMEM, maxalloc is
 * honest, and freeing what exhaustion took restores availmem. At the end:
 * freeing everything restores availmem and maxalloc to their initial
 * values (full coalescing), statistics balance, and double or foreign
 * frees are reported without damage.
 *
 * usage: stress SEED OPS HEAP_MIB MAX_SIZE PAGE_PCT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <uk/alloc_impl.h>
#include ALLOC_HEADER
#include "treap.h"

#define PAGE UK_ALLOC_PAGE_SIZE
#define MAXLIVE (1 << 17)

struct live {
	char *p;
	size_t size;   /* requested */
	size_t usable; /* range checked for overlap */
	uint64_t seed;
	size_t npages; /* 0: object */
	struct tnode node;
};

static struct uk_alloc *A;
static struct live live[MAXLIVE];
static size_t nlive;
static struct tnode *tree;
static uint64_t rng_state;
static unsigned long long ops_done, faults_expected;
static size_t max_size;
static unsigned page_pct; /* share of allocations that take pages */

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "FAIL after %llu ops: ", ops_done);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Log-uniform in [1, max]: every power-of-two range equally likely. */
static size_t rnd_size(size_t max)
{
	unsigned bits = 0, b;

	while (((size_t)2 << bits) <= max)
		bits++;
	size_t v;

	b = (unsigned)(rnd() % (bits + 1));
	v = ((size_t)1 << b) + rnd() % ((size_t)1 << b);
	return v < max ? v : max;
}

static void fill(char *p, size_t n, uint64_t seed)
{
	size_t i;
	uint64_t w;

	for (i = 0; i + 8 <= n; i += 8) {
		w = seed ^ (i * 0x9e3779b97f4a7c15ull);
		memcpy(p + i, &w, 8);
	}
	w = seed ^ (i * 0x9e3779b97f4a7c15ull);
	memcpy(p + i, &w, n - i);
}

static void verify(const char *p, size_t n, uint64_t seed, const char *what)
{
	size_t i;
	uint64_t w, v;

	for (i = 0; i + 8 <= n; i += 8) {
		w = seed ^ (i * 0x9e3779b97f4a7c15ull);
		memcpy(&v, p + i, 8);
		if (v != w)
			die("%s: contents of %p (size %zu) changed at byte %zu", what, (void *)p, n, i);
	}
	w = seed ^ (i * 0x9e3779b97f4a7c15ull);
	if (memcmp(p + i, &w, n - i))
		die("%s: contents of %p (size %zu) changed in the tail", what, (void *)p, n);
}

static void track(char *p, size_t size, size_t npages, size_t align)
{
	struct live *l;
	const struct tnode *o;

	if ((uintptr_t)p % align)
		die("%p not aligned to %zu", (void *)p, align);
	if (nlive == MAXLIVE)
		die("shadow table full");
	l = &live[nlive];
	l->p = p;
	l->size = size;
	l->npages = npages;
	l->usable = npages ? npages * PAGE : uk_alloc_usable_size(A, p);
	if (l->usable < size)
		die("usable size %zu < requested %zu", l->usable, size);
	l->node.start = (uintptr_t)p;
	l->node.end = (uintptr_t)p + (l->usable ? l->usable : 1);
	l->node.prio = treap_rand();
	l->node.l = l->node.r = NULL;
	o = treap_overlap(tree, l->node.start, l->node.end);
	if (o)
		die("block [%p,+%zu) overlaps live [%#lx,%#lx)", (void *)p, l->usable,
		    (unsigned long)o->start, (unsigned long)o->end);
	l->seed = rnd();
	fill(p, size, l->seed);
	nlive++;
}

/* Re-point the treap node of live[i] after live[i] moved in the array. */
static void untrack(size_t i)
{
	struct tnode *out = NULL;
	struct live *l = &live[i];

	tree = treap_remove(tree, (uintptr_t)l->p, &out);
	if (out != &l->node)
		die("shadow treap lost %p", (void *)l->p);
	nlive--;
	if (i != nlive) {
		struct tnode *moved = NULL;

		tree = treap_remove(tree, (uintptr_t)live[nlive].p, &moved);
		live[i] = live[nlive];
		live[i].node.l = live[i].node.r = NULL;
		tree = treap_insert(tree, &live[i].node);
	}
}

static void insert_last(void)
{
	tree = treap_insert(tree, &live[nlive - 1].node);
}

static int do_alloc(size_t max)
{
	unsigned kind = (unsigned)(rnd() % 100) < page_pct ? 99 : (unsigned)(rnd() % 18);
	size_t size = rnd_size(max), align = 16, npages = 0;
	char *p;

	if (kind < 13) {
		p = uk_malloc(A, size);
	} else if (kind < 15) {
		p = uk_calloc(A, 1, size);
		if (p)
			for (size_t i = 0; i < size; i++)
				if (p[i])
					die("calloc memory not zero at %zu", i);
	} else if (kind < 18) { /* 3 in 18: aligned */
		align = (size_t)32 << (rnd() % 8); /* 32 .. 4096 */
		if (rnd() % 2) {
			p = uk_memalign(A, align, size);
		} else {
			void *q = NULL;
			int e = uk_posix_memalign(A, &q, align, size);

			if (e && e != ENOMEM)
				die("posix_memalign returned %d", e);
			p = q;
			if (e)
				return 0;
		}
	} else {
		npages = 1 + rnd() % 8;
		size = npages * PAGE;
		align = PAGE;
		p = uk_palloc(A, npages);
	}
	if (!p) {
		if (errno != ENOMEM)
			die("failed allocation left errno %d", errno);
		return 0;
	}
	track(p, size, npages, align);
	insert_last();
	return 1;
}

static void do_free(size_t i)
{
	struct live *l = &live[i];

	verify(l->p, l->size, l->seed, "free");
	if (l->npages)
		uk_pfree(A, l->p, l->npages);
	else
		uk_free(A, l->p);
	untrack(i);
}

static void do_realloc(size_t i)
{
	struct live *l = &live[i];
	size_t size = rnd_size(max_size), keep;
	char *p;

	if (l->npages)
		return;
	verify(l->p, l->size, l->seed, "realloc (before)");
	p = uk_realloc(A, l->p, size);
	if (!p) {
		if (errno != ENOMEM)
			die("failed realloc left errno %d", errno);
		verify(l->p, l->size, l->seed, "failed realloc");
		return;
	}
	keep = size < l->size ? size : l->size;
	verify(p, keep, l->seed, "realloc (after)");
	untrack(i);
	track(p, size, 0, 16); /* refills with a new seed */
	insert_last();
}

static void free_all(void)
{
	while (nlive)
		do_free((size_t)(rnd() % nlive));
}

static unsigned long long hook_calls[4];

static void count_fault(struct uk_alloc *a, enum uk_alloc_fault f, const void *p)
{
	(void)a;
	(void)p;
	if ((unsigned)f < 4)
		hook_calls[f]++;
}

/* Allocate until NULL, check ENOMEM and maxalloc, free, check recovery. */
static void exhaust(void)
{
	size_t before = uk_alloc_availmem(A), first = nlive, m, size = max_size;
	unsigned long long fails = 0;
	struct uk_alloc_stats st0, st1;
	char *p;

	/* Big steps first, so even a large heap runs dry in few blocks. */
	if (size < before / 256)
		size = before / 256;
	uk_alloc_stats_get(A, &st0);
	while (size >= 16) {
		errno = 0;
		p = uk_malloc(A, size);
		if (!p) {
			if (errno != ENOMEM)
				die("exhaustion: errno %d, not ENOMEM", errno);
			fails++;
			size /= 2;
			continue;
		}
		track(p, size < 64 ? size : 64, 0, 16); /* fill only a prefix: speed */
		insert_last();
		if (nlive == MAXLIVE)
			break;
	}
	uk_alloc_stats_get(A, &st1);
	if (st1.nb_enomem - st0.nb_enomem != fails)
		die("nb_enomem counted %llu failures, saw %llu",
		    (unsigned long long)(st1.nb_enomem - st0.nb_enomem), fails);
	m = uk_alloc_maxalloc(A);
	if (m) {
		p = uk_malloc(A, m);
		if (!p)
			die("maxalloc said %zu but malloc of it failed", m);
		uk_free(A, p);
	}
	while (nlive > first)
		do_free(first + (size_t)(rnd() % (nlive - first)));
#if REUSES_MEMORY
	p = uk_malloc(A, 16);
	if (!p)
		die("no recovery after exhaustion");
	uk_free(A, p);
	if (uk_alloc_availmem(A) != before)
		die("availmem %zu after exhaustion, %zu before", uk_alloc_availmem(A), before);
#else
	(void)before;
#endif
}

static void faults(void)
{
	size_t avail;
	char *p, *q;
	long local;

	hook_calls[1] = hook_calls[2] = hook_calls[3] = 0;
	uk_alloc_set_fault_hook(count_fault);
	p = uk_malloc(A, 100);
	q = uk_malloc(A, 3000);
	if (!p || !q)
		die("faults: no memory");
	memset(p, 0, 100);
	memset(q, 0, 3000);
	uk_free(A, p);
	avail = uk_alloc_availmem(A);
	uk_free(A, p); /* double */
	if (hook_calls[UK_ALLOC_FAULT_DOUBLE_FREE] != 1)
		die("double free not reported");
	if (uk_alloc_availmem(A) != avail)
		die("double free changed availmem");
	uk_free(A, &local); /* foreign: not in the heap */
	uk_free(A, q + 16); /* foreign: inside a live block */
	if (hook_calls[UK_ALLOC_FAULT_FOREIGN] + hook_calls[UK_ALLOC_FAULT_CORRUPT] != 2)
		die("foreign frees reported %llu times, not 2",
		    hook_calls[UK_ALLOC_FAULT_FOREIGN] + hook_calls[UK_ALLOC_FAULT_CORRUPT]);
	if (uk_alloc_availmem(A) != avail)
		die("foreign free changed availmem");
	uk_free(A, q);
	p = uk_palloc(A, 3);
	uk_pfree(A, p, 3);
	uk_pfree(A, p, 3); /* double */
	if (hook_calls[1] + hook_calls[2] + hook_calls[3] != 4)
		die("double page free not reported");
	faults_expected += 4;
	uk_alloc_set_fault_hook(NULL);
}

int main(int argc, char **argv)
{
	unsigned long long nops;
	size_t heap, avail0, max0, target = 64;
	struct uk_alloc_stats st;
	char *mem;

	if (argc != 6) {
		fprintf(stderr, "usage: %s SEED OPS HEAP_MIB MAX_SIZE PAGE_PCT\n", argv[0]);
		return 2;
	}
	rng_state = strtoull(argv[1], NULL, 0);
	nops = strtoull(argv[2], NULL, 0);
	heap = strtoull(argv[3], NULL, 0) << 20;
	max_size = strtoull(argv[4], NULL, 0);
	page_pct = (unsigned)strtoul(argv[5], NULL, 0);
	mem = mmap(NULL, heap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	/* Start at an odd offset and add a second, unaligned region later. */
	A = ALLOC_CREATE(mem + 24, heap / 2 - 24);
	if (!A)
		die("create failed");
	if (uk_alloc_default() != A || uk_alloc_find(uk_alloc_name(A)) != A)
		die("not registered as the default");
	if (uk_alloc_addmem(A, mem + heap / 2 + 40, heap / 2 - 40))
		die("addmem failed");
	avail0 = uk_alloc_availmem(A);
	max0 = uk_alloc_maxalloc(A);
	if (!avail0 || !max0 || max0 > avail0)
		die("availmem %zu / maxalloc %zu", avail0, max0);

	faults();
	for (ops_done = 0; ops_done < nops; ops_done++) {
		unsigned r = (unsigned)(rnd() % 100);

		if (ops_done % 50000 == 0)
			target = 1 + (size_t)(rnd() % 4096); /* sawtooth: fragments */
		if (REUSES_MEMORY && ops_done % 250000 == 125000)
			exhaust();
		if (r < 15 && nlive) {
			do_realloc((size_t)(rnd() % nlive));
		} else if (nlive && (r >= 15 + (nlive < target ? 50 : 35))) {
			do_free((size_t)(rnd() % nlive));
		} else if (!do_alloc(max_size) && nlive) {
			do_free((size_t)(rnd() % nlive));
		}
	}
	exhaust();
	free_all();
	if (REUSES_MEMORY) /* a region allocator is dry after exhaust() */
		faults();
#if REUSES_MEMORY
	if (uk_alloc_availmem(A) != avail0)
		die("availmem %zu after freeing all, %zu at start", uk_alloc_availmem(A), avail0);
	if (uk_alloc_maxalloc(A) != max0)
		die("maxalloc %zu after freeing all, %zu at start", uk_alloc_maxalloc(A), max0);
#endif
	uk_alloc_stats_get(A, &st);
	if (st.nb_faults != faults_expected)
		die("nb_faults %llu, expected %llu", (unsigned long long)st.nb_faults, faults_expected);
	if (!st.bytes_tracked) /* built with alloc-core's stats feature */
		die("stats: bytes not tracked");
	if (st.cur_bytes || st.nb_allocs != st.nb_frees || !st.peak_bytes)
		die("stats: cur %zu allocs %llu frees %llu", st.cur_bytes,
		    (unsigned long long)st.nb_allocs, (unsigned long long)st.nb_frees);
	printf("OK %s ops=%llu avail=%zu max=%zu peak=%zu enomem=%llu faults=%llu\n", uk_alloc_name(A),
	       ops_done, avail0, max0, st.peak_bytes, (unsigned long long)st.nb_enomem,
	       (unsigned long long)st.nb_faults);
	return 0;
}
