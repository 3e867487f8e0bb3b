/*
 * Many threads: 10 000 created and joined (in waves larger than
 * @uk/sched-coop's stack cache, in three stack sizes), and the allocator's
 * statistics end where they started once uk_sched_reclaim() has emptied
 * the cache -- which in between may hold no more than its bound.
 */
#include <uk/alloc.h>
#include <uk/config.h>
#include "cases.h"

#ifndef CONFIG_UK_SCHED_COOP_STACK_CACHE
#error "sched-test checks @uk/sched-coop's stack cache: its stack_cache option is missing from uk/config.h"
#endif
#define CACHE CONFIG_UK_SCHED_COOP_STACK_CACHE

#define TOTAL 10000
#define WAVE 100
#if WAVE <= CACHE
#error "a wave must outnumber the cache, or its bound is never tested"
#endif

static void *nop(void *arg)
{
	return arg;
}

/* Default-size stacks (cached), small ones (cached too), large ones (never cached). */
static size_t stack_for(long i)
{
	static const size_t sizes[] = { 0, 8192, 2 * UK_THREAD_STACK_DEFAULT };

	return sizes[i % 3];
}

int case_many(int argc, char **argv)
{
	struct uk_thread *t[WAVE];
	struct uk_alloc_stats s0, s1, s2;
	struct uk_alloc *a = uk_alloc_default();

	(void)argc, (void)argv;
	CHECK(a, "no default allocator");
	/* Whatever earlier threads left cached is not part of the baseline. */
	uk_sched_reclaim();
	uk_alloc_stats_get(a, &s0);
	CHECK(s0.bytes_tracked, "alloc-core built without stats");

	/* What one default-size thread takes: the unit of the cache's bound. */
	CHECK(uk_thread_create(&t[0], "one", 0, nop, 0) == 0, "create one");
	uk_alloc_stats_get(a, &s1);
	size_t per_thread = s1.cur_bytes - s0.cur_bytes;
	CHECK(per_thread > UK_THREAD_STACK_DEFAULT, "a default-size thread took %zu bytes", per_thread);
	CHECK(uk_thread_join(t[0], 0) == 0, "join one");

	for (int done = 0; done < TOTAL; done += WAVE) {
		for (long i = 0; i < WAVE; i++)
			CHECK(uk_thread_create(&t[i], "n", stack_for(done + i), nop, (void *)i) == 0,
			      "create %d", done + (int)i);
		for (long i = 0; i < WAVE; i++) {
			void *r;
			CHECK(uk_thread_join(t[i], &r) == 0 && r == (void *)i, "join");
		}
	}
	uk_alloc_stats_get(a, &s1);
	size_t held = s1.cur_bytes - s0.cur_bytes;
	uint64_t allocs = s1.nb_allocs - s0.nb_allocs, frees = s1.nb_frees - s0.nb_frees;
	printf("before reclaim: allocs %llu frees %llu bytes %zu -> %zu (cache bound %d x %zu) peak %zu\n",
	       (unsigned long long)allocs, (unsigned long long)frees, s0.cur_bytes, s1.cur_bytes,
	       CACHE, per_thread, s1.peak_bytes);
	CHECK(held <= (size_t)CACHE * per_thread, "%zu bytes held after every join, more than the cache's %d stacks",
	      held, CACHE);
	CHECK(allocs - frees <= CACHE, "%llu allocations outlive their threads, more than the cache's %d",
	      (unsigned long long)(allocs - frees), CACHE);
	/* Every third thread has a stack too large to cache: it alone costs a third of TOTAL allocations. */
	CHECK(allocs >= TOTAL / 3, "only %llu allocations for %d threads", (unsigned long long)allocs, TOTAL);
	if (CACHE > 0)
		CHECK(allocs < TOTAL, "no stack was reused: %llu allocations for %d threads",
		      (unsigned long long)allocs, TOTAL + 1); /* + the one above */

	size_t reclaimed = uk_sched_reclaim();
	uk_alloc_stats_get(a, &s2);
	printf("reclaimed %zu bytes; allocs %llu frees %llu bytes %zu -> %zu\n", reclaimed,
	       (unsigned long long)(s2.nb_allocs - s0.nb_allocs), (unsigned long long)(s2.nb_frees - s0.nb_frees),
	       s0.cur_bytes, s2.cur_bytes);
	CHECK(reclaimed == s1.cur_bytes - s2.cur_bytes, "reclaim reported %zu bytes, the allocator got %zu back",
	      reclaimed, s1.cur_bytes - s2.cur_bytes);
	CHECK(s2.cur_bytes == s0.cur_bytes, "bytes in use %zu, was %zu", s2.cur_bytes, s0.cur_bytes);
	CHECK(s2.nb_allocs - s0.nb_allocs == s2.nb_frees - s0.nb_frees, "allocation and free counts differ");
	CHECK(uk_sched_reclaim() == 0, "a second reclaim found more");

	/* Stacks larger than the default's are never kept: no reclaim needed. */
	for (long i = 0; i < WAVE; i++)
		CHECK(uk_thread_create(&t[i], "big", 2 * UK_THREAD_STACK_DEFAULT, nop, 0) == 0, "create big %ld", i);
	for (long i = 0; i < WAVE; i++)
		CHECK(uk_thread_join(t[i], 0) == 0, "join big");
	uk_alloc_stats_get(a, &s1);
	CHECK(s1.cur_bytes == s0.cur_bytes, "%zu bytes held after large stacks ended", s1.cur_bytes - s0.cur_bytes);
	printf("ok many\n");
	return 0;
}

/*
 * Sleep 2 s doing nothing: the driver measures the host CPU time spent, and
 * times the two lines to check the guest's clock runs at the host's rate.
 */
int case_idle(int argc, char **argv)
{
	(void)argc, (void)argv;
	uint64_t t0 = uk_sched_monotonic_ns();
	printf("sleeping\n");
	fflush(stdout);
	uk_thread_sleep_ns(2000000000ull);
	uint64_t ms = (uk_sched_monotonic_ns() - t0) / 1000000;
	printf("slept %llu ms\n", (unsigned long long)ms);
	CHECK(ms >= 2000, "the sleep of 2000 ms lasted %llu ms", (unsigned long long)ms);
	printf("ok idle\n");
	return 0;
}
