/*
 * Host baselines for `pnpm bench sched` (compiled with the host's
 * gcc -O2 -pthread by the suite on every run): what Linux threads pay for
 * what the uk scheduler does in one address space and one CPU.
 *
 *   condvar_switch_ns   ping-pong between two threads over a mutex+condvar
 *   futex_switch_ns     ping-pong over a raw futex (FUTEX_WAIT / FUTEX_WAKE)
 *   futex_cpu0_switch_ns  the same with both threads pinned to CPU 0
 *   yield_cpu0_switch_ns  sched_yield ping-pong, both threads pinned to CPU 0
 *   create_join_ns      pthread_create + pthread_join
 *   sleep_overshoot_ns  nanosleep(1 ms) overshoot (median of a batch)
 *   mprotect_pair_ns    mprotect PROT_NONE then PROT_READ|PROT_WRITE of one
 *                       page (what the linuxu guard page costs per thread)
 *
 * Ping-pongs are per switch: a batch's time / (2 * round trips). Each batch
 * prints one "sample <name> <value>" line; the suite takes the medians.
 * Usage: sched_host [batches] (default 11).
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS_WAKE 20000   /* round trips per condvar / futex batch */
#define ROUNDS_YIELD 100000 /* round trips per sched_yield batch */
#define CREATES 2000
#define SLEEPS 50
#define MPROTECTS 20000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void pin_cpu0(pthread_t t)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (pthread_setaffinity_np(t, sizeof(set), &set))
		die("pthread_setaffinity_np");
}

static void sample(const char *name, double v)
{
	printf("sample %s %.2f\n", name, v);
	fflush(stdout);
}

/* Ping-pong: the main thread is player 0, a second thread player 1. The
 * ball (turn) says who may run; each handoff is one switch. */
struct game {
	long rounds;
	void (*play)(struct game *, int me);
	pthread_mutex_t mu;
	pthread_cond_t cv;
	_Atomic int turn;
};

static void play_condvar(struct game *g, int me)
{
	pthread_mutex_lock(&g->mu);
	for (long i = 0; i < g->rounds; i++) {
		while (atomic_load(&g->turn) != me)
			pthread_cond_wait(&g->cv, &g->mu);
		atomic_store(&g->turn, !me);
		pthread_cond_signal(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
}

static long futex(_Atomic int *addr, int op, int val)
{
	return syscall(SYS_futex, addr, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

static void play_futex(struct game *g, int me)
{
	for (long i = 0; i < g->rounds; i++) {
		int t;

		while ((t = atomic_load(&g->turn)) != me)
			futex(&g->turn, FUTEX_WAIT, t);
		atomic_store(&g->turn, !me);
		futex(&g->turn, FUTEX_WAKE, 1);
	}
}

static void play_yield(struct game *g, int me)
{
	for (long i = 0; i < g->rounds; i++) {
		while (atomic_load(&g->turn) != me)
			sched_yield();
		atomic_store(&g->turn, !me);
	}
}

static void *player1(void *arg)
{
	struct game *g = arg;

	g->play(g, 1);
	return 0;
}

/* ns per switch of one batch */
static double ping_pong(void (*play)(struct game *, int), long rounds, int pinned)
{
	struct game g = { .rounds = rounds, .play = play, .turn = 1 };
	pthread_t other;
	uint64_t t0, t1;

	pthread_mutex_init(&g.mu, 0);
	pthread_cond_init(&g.cv, 0);
	if (pinned)
		pin_cpu0(pthread_self());
	if (pthread_create(&other, 0, player1, &g))
		die("pthread_create");
	if (pinned)
		pin_cpu0(other);
	/* Player 1 serves first; timing starts once both threads run, at its
	 * first handoff, so the timed span holds 2 * rounds - 1 switches. */
	while (atomic_load(&g.turn) != 0)
		sched_yield();
	t0 = now_ns();
	play(&g, 0);
	t1 = now_ns();
	pthread_join(other, 0);
	pthread_mutex_destroy(&g.mu);
	pthread_cond_destroy(&g.cv);
	if (pinned) {
		cpu_set_t all;

		CPU_ZERO(&all);
		for (int i = 0; i < CPU_SETSIZE; i++)
			CPU_SET(i, &all);
		pthread_setaffinity_np(pthread_self(), sizeof(all), &all);
	}
	return (double)(t1 - t0) / (2.0 * (double)rounds - 1.0);
}

static void *nop(void *arg)
{
	return arg;
}

static double create_join(void)
{
	uint64_t t0 = now_ns();

	for (int i = 0; i < CREATES; i++) {
		pthread_t t;

		if (pthread_create(&t, 0, nop, 0))
			die("pthread_create");
		pthread_join(t, 0);
	}
	return (double)(now_ns() - t0) / CREATES;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double sleep_overshoot(void)
{
	uint64_t over[SLEEPS];

	for (int i = 0; i < SLEEPS; i++) {
		struct timespec ts = { 0, 1000000 };
		uint64_t want = now_ns() + 1000000;

		nanosleep(&ts, 0);
		over[i] = now_ns() - want;
	}
	qsort(over, SLEEPS, sizeof(over[0]), cmp_u64);
	return (double)over[SLEEPS / 2];
}

static double mprotect_pair(void)
{
	char *p = mmap(0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0;
	double r;

	if (p == MAP_FAILED)
		die("mmap");
	p[0] = p[4096] = 1;
	t0 = now_ns();
	for (int i = 0; i < MPROTECTS; i++) {
		if (mprotect(p, 4096, PROT_NONE) || mprotect(p, 4096, PROT_READ | PROT_WRITE))
			die("mprotect");
	}
	r = (double)(now_ns() - t0) / MPROTECTS;
	munmap(p, 2 * 4096);
	return r;
}

int main(int argc, char **argv)
{
	int batches = argc > 1 ? atoi(argv[1]) : 11;

	printf("cpus %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	/* One discarded warm-up batch of each, then the samples. */
	for (int b = -1; b < batches; b++) {
		double v[7];

		v[0] = ping_pong(play_condvar, ROUNDS_WAKE, 0);
		v[1] = ping_pong(play_futex, ROUNDS_WAKE, 0);
		v[2] = ping_pong(play_futex, ROUNDS_WAKE, 1);
		v[3] = ping_pong(play_yield, ROUNDS_YIELD, 1);
		v[4] = create_join();
		v[5] = sleep_overshoot();
		v[6] = mprotect_pair();
		if (b < 0)
			continue;
		sample("condvar_switch_ns", v[0]);
		sample("futex_switch_ns", v[1]);
		sample("futex_cpu0_switch_ns", v[2]);
		sample("yield_cpu0_switch_ns", v[3]);
		sample("create_join_ns", v[4]);
		sample("sleep_overshoot_ns", v[5]);
		sample("mprotect_pair_ns", v[6]);
	}
	return 0;
}
