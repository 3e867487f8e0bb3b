/*
 * Micro-benchmarks (not tests): yield ping-pong cost per switch, thread
 * create+join cost, timer wake-up overshoot, and the cycles of a plain
 * register loop (how fast the CPU, or whatever runs the guest, executes
 * ordinary instructions). Prints "bench <name> <value>" lines for
 * tooling/bench to parse.
 *
 * Usage: bench [switches [creates [wakes]]]. The counts exist for
 * platforms that run every instruction through an emulator (a nested KVM
 * without hardware virtualization), where the defaults would take minutes.
 *
 * Only integer arithmetic and integer printf conversions: the image must
 * also run where SSE/x87 instructions stop the guest (see tooling/bench's
 * sched suite).
 */
#include <stdlib.h>
#include <uk/plat.h>
#include "cases.h"

#define SWITCHES 200000
#define CREATES 2000
#define WAKES 50
#define MAX_WAKES 200
#define LOOP_ITERS 10000

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

/* argv[i] as a count in [1, max], or def when absent; -1 when malformed. */
static long count_arg(int argc, char **argv, int i, long def, long max)
{
	char *end;
	long v;

	if (i >= argc)
		return def;
	v = strtol(argv[i], &end, 10);
	return *argv[i] && !*end && v >= 1 && v <= max ? v : -1;
}

/*
 * TSC cycles of LOOP_ITERS iterations of add/dec/jnz on registers: a
 * few thousand cycles on hardware or under QEMU's TCG, millions where an
 * instruction emulator runs the guest.
 */
static uint64_t register_loop_cycles(void)
{
	uint64_t c0, c1, n = LOOP_ITERS, acc = 0;

	c0 = uk_plat_cycles();
	__asm__ volatile("1: add %1, %0\n\tdec %1\n\tjnz 1b" : "+r"(acc), "+r"(n) : : "cc");
	c1 = uk_plat_cycles();
	return c1 - c0;
}

int case_bench(int argc, char **argv)
{
	struct uk_thread *t;
	uint64_t t0, t1, over[MAX_WAKES];
	long switches = count_arg(argc, argv, 1, SWITCHES, 100000000);
	long creates = count_arg(argc, argv, 2, CREATES, 100000000);
	long wakes = count_arg(argc, argv, 3, WAKES, MAX_WAKES);

	CHECK(switches > 0 && creates > 0 && wakes > 0, "usage: bench [switches [creates [wakes<=%d]]]", MAX_WAKES);
	switches += switches & 1; /* whole round trips */
	printf("bench switches %ld\nbench creates %ld\nbench wakes %ld\n", switches, creates, wakes);
	printf("bench register_loop_iterations %d\n", LOOP_ITERS);
	printf("bench register_loop_cycles %llu\n", (unsigned long long)register_loop_cycles());

	CHECK(uk_thread_create(&t, "pong", 0, yielder, 0) == 0, "create");
	uk_thread_yield();
	t0 = uk_plat_monotonic_ns();
	for (long i = 0; i < switches / 2; i++)
		uk_thread_yield(); /* two switches: to pong and back */
	t1 = uk_plat_monotonic_ns();
	stop = 1;
	uk_thread_join(t, 0);
	printf("bench switch_ns %llu.%02llu\n", (unsigned long long)((t1 - t0) / switches),
	       (unsigned long long)((t1 - t0) * 100 / switches % 100));

	t0 = uk_plat_monotonic_ns();
	for (long i = 0; i < creates; i++) {
		uk_thread_create(&t, "cj", 8192, nop, 0);
		uk_thread_join(t, 0);
	}
	t1 = uk_plat_monotonic_ns();
	printf("bench create_join_ns %llu\n", (unsigned long long)((t1 - t0) / creates));

	for (long i = 0; i < wakes; i++) {
		uint64_t want = uk_plat_monotonic_ns() + 1000000;
		uk_thread_sleep_until(want);
		over[i] = uk_plat_monotonic_ns() - want;
	}
	sort(over, wakes);
	printf("bench wake_overshoot_ns_median %llu\n", (unsigned long long)over[wakes / 2]);
	printf("bench wake_overshoot_ns_max %llu\n", (unsigned long long)over[wakes - 1]);
	printf("ok bench\n");
	return 0;
}
