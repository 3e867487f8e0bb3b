/*
 * Micro-benchmarks (not tests): yield ping-pong cost per switch, thread
 * create+join cost, timer wake-up overshoot. Prints "bench <name> <value>"
 * lines for tooling/bench to parse.
 */
#include <uk/plat.h>
#include "cases.h"

#define SWITCHES 200000
#define CREATES 2000
#define WAKES 50

static volatile int stop;

static void *yielder(void *arg)
{
	(void)arg;
	while (!stop)
		uk_thread_yield();
	return 0;
}

static void *nop(void *arg)
{
	return arg;
}

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
}

int case_bench(int argc, char **argv)
{
	struct uk_thread *t;
	uint64_t t0, t1, over[WAKES];

	(void)argc, (void)argv;
	CHECK(uk_thread_create(&t, "pong", 0, yielder, 0) == 0, "create");
	uk_thread_yield();
	t0 = uk_plat_monotonic_ns();
	for (int i = 0; i < SWITCHES / 2; i++)
		uk_thread_yield(); /* two switches: to pong and back */
	t1 = uk_plat_monotonic_ns();
	stop = 1;
	uk_thread_join(t, 0);
	printf("bench switch_ns %llu.%02llu\n", (unsigned long long)((t1 - t0) / SWITCHES),
	       (unsigned long long)((t1 - t0) * 100 / SWITCHES % 100));

	t0 = uk_plat_monotonic_ns();
	for (int i = 0; i < CREATES; i++) {
		uk_thread_create(&t, "cj", 8192, nop, 0);
		uk_thread_join(t, 0);
	}
	t1 = uk_plat_monotonic_ns();
	printf("bench create_join_ns %llu\n", (unsigned long long)((t1 - t0) / CREATES));

	for (int i = 0; i < WAKES; i++) {
		uint64_t want = uk_plat_monotonic_ns() + 1000000;
		uk_thread_sleep_until(want);
		over[i] = uk_plat_monotonic_ns() - want;
	}
	sort(over, WAKES);
	printf("bench wake_overshoot_ns_median %llu\n", (unsigned long long)over[WAKES / 2]);
	printf("bench wake_overshoot_ns_max %llu\n", (unsigned long long)over[WAKES - 1]);
	printf("ok bench\n");
	return 0;
}
