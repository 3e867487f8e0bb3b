/*
 * Host benchmark of the @uk/alloc allocators against the host's glibc
 * malloc. Not a test: it prints one "allocator metric value" line per
 * figure, and run.mjs turns repeated runs into a table of medians.
 *
 * Workload ("mix"): sizes log-uniform in 16 B .. 4 KiB; a window of live
 * blocks is filled, then each step allocates one block and frees one,
 * choosing the victim oldest-first (fifo), newest-first (lifo) or at
 * random. Each allocated block gets its first byte written, as a program
 * would. Latency: the random order on a heap fragmented beforehand, each
 * malloc and free timed with the TSC. Init: creating the allocator over a
 * fresh MAP_NORESERVE mapping of 64 MiB and 1 GiB.
 *
 * usage: bench ALLOCATOR OPS   (ALLOCATOR: glibc, tlsf, buddy, region)
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <x86intrin.h>

#include <uk/alloc.h>
#include <uk/alloc_buddy.h>
#include <uk/alloc_region.h>
#include <uk/alloc_tlsf.h>

#define WINDOW 2048 /* live blocks during the mix */
#define MIB ((size_t)1 << 20)

static const char *name;
static struct uk_alloc *A;
static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t rnd_size(void) /* log-uniform in [16, 4096) */
{
	unsigned b = 4 + (unsigned)(rnd() % 8);

	return ((size_t)1 << b) + (size_t)(rnd() % ((size_t)1 << b));
}

static void *(*do_malloc)(size_t);
static void (*do_free)(void *);
static void *uk_m(size_t n) { return uk_malloc(A, n); }
static void uk_f(void *p) { uk_free(A, p); }

static void *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static struct uk_alloc *create(void *base, size_t len)
{
	if (!strcmp(name, "tlsf"))
		return uk_alloc_tlsf_create(base, len);
	if (!strcmp(name, "buddy"))
		return uk_alloc_buddy_create(base, len);
	return uk_alloc_region_create(base, len);
}

/* A fresh heap per workload (a region allocator never gets memory back). */
static void *heap;
static size_t heap_len;

static void setup(size_t len)
{
	if (!strcmp(name, "glibc"))
		return;
	if (heap)
		munmap(heap, heap_len);
	heap_len = len;
	heap = map(len);
	A = create(heap, len);
	if (!A) {
		fprintf(stderr, "create failed\n");
		exit(1);
	}
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void *slots[WINDOW];

enum order { FIFO, LIFO, RANDOM };

/* ops malloc+free calls in steady state; returns ns per call. */
static double mix(enum order order, unsigned long ops)
{
	unsigned long i, head = 0, n;
	double t0;
	char *p;

	for (i = 0; i < WINDOW; i++) {
		slots[i] = do_malloc(rnd_size());
		*(char *)slots[i] = 1;
	}
	n = WINDOW;
	t0 = now_ns();
	for (i = 0; i < ops / 2; i++) {
		unsigned long v;

		switch (order) {
		case FIFO: /* slots is a ring: the oldest block sits at head */
			v = head;
			head = (head + 1) % WINDOW;
			break;
		case LIFO: /* the newest block is the last one */
			v = n - 1;
			break;
		default:
			v = rnd() % WINDOW;
		}
		do_free(slots[v]);
		p = do_malloc(rnd_size());
		if (!p) {
			fprintf(stderr, "%s: out of memory in the mix\n", name);
			exit(1);
		}
		*p = 1;
		slots[v] = p;
	}
	t0 = now_ns() - t0;
	for (i = 0; i < WINDOW; i++)
		do_free(slots[i]);
	return t0 / (double)(ops / 2 * 2);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double tsc_ghz;

static void calibrate(void)
{
	double t0 = now_ns(), t1;
	uint64_t c0 = __rdtsc(), c1;

	do
		t1 = now_ns();
	while (t1 - t0 < 50e6);
	c1 = __rdtsc();
	tsc_ghz = (double)(c1 - c0) / (t1 - t0);
}

static inline uint64_t tsc(void)
{
	_mm_lfence();
	uint64_t t = __rdtsc();
	_mm_lfence();
	return t;
}

static uint32_t *lat_m, *lat_f;

/* What an empty timed region costs: included in every latency figure. */
static void timer_overhead(void)
{
	enum { N = 100001 };
	static uint32_t v[N];
	uint64_t t;
	int i;

	for (i = 0; i < N; i++) {
		t = tsc();
		v[i] = (uint32_t)(tsc() - t);
	}
	qsort(v, N, sizeof(v[0]), cmp_u32);
	printf("%s timer_p50_ns %.1f\n", name, v[N / 2] / tsc_ghz);
}

static void report_lat(const char *what, uint32_t *v, unsigned long n)
{
	qsort(v, n, sizeof(*v), cmp_u32);
	printf("%s %s_p50_ns %.1f\n", name, what, v[n / 2] / tsc_ghz);
	printf("%s %s_p99_ns %.1f\n", name, what, v[n * 99 / 100] / tsc_ghz);
	printf("%s %s_p999_ns %.1f\n", name, what, v[n * 999 / 1000] / tsc_ghz);
}

/* Random-order steady state on a fragmented heap, timing each call. */
static void latency(unsigned long ops)
{
	enum { FRAG = 65536 };
	static void *frag[FRAG];
	unsigned long i, steps = ops / 2;
	uint64_t t;
	char *p;

	/* Fragment: many blocks, then free a random half of them. */
	for (i = 0; i < FRAG; i++)
		frag[i] = do_malloc(rnd_size());
	for (i = 0; i < FRAG; i++)
		if (rnd() % 2) {
			do_free(frag[i]);
			frag[i] = NULL;
		}
	for (i = 0; i < WINDOW; i++) {
		slots[i] = do_malloc(rnd_size());
		*(char *)slots[i] = 1;
	}
	lat_m = malloc(steps * sizeof(*lat_m));
	lat_f = malloc(steps * sizeof(*lat_f));
	for (i = 0; i < steps; i++) {
		unsigned long v = rnd() % WINDOW;
		size_t size = rnd_size();

		t = tsc();
		do_free(slots[v]);
		lat_f[i] = (uint32_t)(tsc() - t);
		t = tsc();
		p = do_malloc(size);
		lat_m[i] = (uint32_t)(tsc() - t);
		*p = 1;
		slots[v] = p;
	}
	for (i = 0; i < WINDOW; i++)
		do_free(slots[i]);
	for (i = 0; i < FRAG; i++)
		if (frag[i])
			do_free(frag[i]);
	report_lat("malloc", lat_m, steps);
	report_lat("free", lat_f, steps);
	free(lat_m);
	free(lat_f);
}

static void init_time(size_t len, const char *label)
{
	enum { TRIALS = 15 };
	uint32_t c[TRIALS];
	void *m;
	int i;

	if (!strcmp(name, "glibc"))
		return;
	for (i = 0; i < TRIALS; i++) {
		uint64_t t;

		m = map(len);
		t = tsc();
		A = create(m, len);
		c[i] = (uint32_t)(tsc() - t);
		if (!A || !uk_malloc(A, 64)) {
			fprintf(stderr, "init: create failed\n");
			exit(1);
		}
		munmap(m, len);
	}
	qsort(c, TRIALS, sizeof(c[0]), cmp_u32);
	printf("%s init_%s_us %.2f\n", name, label, c[TRIALS / 2] / tsc_ghz / 1000);
}

int main(int argc, char **argv)
{
	static const char *const orders[] = { "fifo", "lifo", "random" };
	unsigned long ops;
	double total = 0, t;
	int o;

	if (argc != 3) {
		fprintf(stderr, "usage: %s glibc|tlsf|buddy|region OPS\n", argv[0]);
		return 2;
	}
	name = argv[1];
	ops = strtoul(argv[2], NULL, 0);
	calibrate();
	if (!strcmp(name, "glibc")) {
		do_malloc = malloc;
		do_free = free;
	} else {
		do_malloc = uk_m;
		do_free = uk_f;
	}
	/* Warm up once (page faults of a fresh heap), then measure. */
	setup(4096 * MIB);
	mix(RANDOM, ops);
	for (o = FIFO; o <= RANDOM; o++) {
		setup(4096 * MIB);
		t = mix((enum order)o, ops);
		total += t;
		printf("%s mix_%s_mops %.2f\n", name, orders[o], 1e3 / t);
	}
	printf("%s mix_all_mops %.2f\n", name, 3e3 / total);
	setup(4096 * MIB);
	timer_overhead();
	latency(ops);
	init_time(64 * MIB, "64MiB");
	init_time(1024 * MIB, "1GiB");
	return 0;
}
