/* Many threads: 10 000 created and joined (in waves), and the allocator's statistics end where they started. */
#include <uk/alloc.h>
#include "cases.h"

#define TOTAL 10000
#define WAVE 100

static void *nop(void *arg)
{
	return arg;
}

int case_many(int argc, char **argv)
{
	struct uk_thread *t[WAVE];
	struct uk_alloc_stats s0, s1;
	struct uk_alloc *a = uk_alloc_default();

	(void)argc, (void)argv;
	CHECK(a, "no default allocator");
	uk_alloc_stats_get(a, &s0);
	CHECK(s0.bytes_tracked, "alloc-core built without stats");
	for (int done = 0; done < TOTAL; done += WAVE) {
		for (long i = 0; i < WAVE; i++)
			CHECK(uk_thread_create(&t[i], "n", 8192, nop, (void *)i) == 0, "create %d", done + (int)i);
		for (long i = 0; i < WAVE; i++) {
			void *r;
			CHECK(uk_thread_join(t[i], &r) == 0 && r == (void *)i, "join");
		}
	}
	uk_alloc_stats_get(a, &s1);
	printf("allocs %llu frees %llu bytes %zu -> %zu peak %zu\n",
	       (unsigned long long)(s1.nb_allocs - s0.nb_allocs),
	       (unsigned long long)(s1.nb_frees - s0.nb_frees), s0.cur_bytes, s1.cur_bytes, s1.peak_bytes);
	CHECK(s1.cur_bytes == s0.cur_bytes, "bytes in use %zu, was %zu", s1.cur_bytes, s0.cur_bytes);
	CHECK(s1.nb_allocs - s0.nb_allocs == TOTAL && s1.nb_frees - s0.nb_frees == TOTAL,
	      "allocation and free counts differ");
	printf("ok many\n");
	return 0;
}

/* Sleep 2 s doing nothing: the driver measures the host CPU time spent. */
int case_idle(int argc, char **argv)
{
	(void)argc, (void)argv;
	uint64_t t0 = uk_sched_monotonic_ns();
	uk_thread_sleep_ns(2000000000ull);
	uint64_t ms = (uk_sched_monotonic_ns() - t0) / 1000000;
	printf("slept %llu ms\n", (unsigned long long)ms);
	CHECK(ms >= 2000, "the sleep of 2000 ms lasted %llu ms", (unsigned long long)ms);
	printf("ok idle\n");
	return 0;
}
