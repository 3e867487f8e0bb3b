/* Thread basics: FIFO order among ready threads, join results, errno and TLS per thread, stack overflow (on a new and on a reused stack). */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include "cases.h"

#define N 5
#define ROUNDS 3

static int log_buf[N * ROUNDS], log_len;

static void *order_worker(void *arg)
{
	for (int r = 0; r < ROUNDS; r++) {
		log_buf[log_len++] = (int)(long)arg;
		uk_thread_yield();
	}
	return 0;
}

int case_order(int argc, char **argv)
{
	struct uk_thread *t[N];

	(void)argc, (void)argv;
	for (long i = 0; i < N; i++)
		CHECK(uk_thread_create(&t[i], "w", 0, order_worker, (void *)i) == 0, "create");
	for (int i = 0; i < N; i++)
		CHECK(uk_thread_join(t[i], 0) == 0, "join");
	CHECK(log_len == N * ROUNDS, "log has %d entries", log_len);
	for (int i = 0; i < N * ROUNDS; i++)
		CHECK(log_buf[i] == i % N, "entry %d is %d, want %d", i, log_buf[i], i % N);
	printf("ok order\n");
	return 0;
}

static void *ret_arg(void *arg)
{
	return (char *)arg + 1;
}

static void *ret_after_sleep(void *arg)
{
	uk_thread_sleep_ns(2000000);
	return arg;
}

int case_join(int argc, char **argv)
{
	struct uk_thread *a, *b;
	void *r;

	(void)argc, (void)argv;
	/* Joined after it ended... */
	CHECK(uk_thread_create(&a, "a", 0, ret_arg, (void *)41) == 0, "create a");
	uk_thread_yield();
	CHECK(uk_thread_join(a, &r) == 0 && r == (void *)42, "join a gave %p", r);
	/* ...and while it is still sleeping. */
	CHECK(uk_thread_create(&b, "b", 0, ret_after_sleep, (void *)7) == 0, "create b");
	CHECK(uk_thread_join(b, &r) == 0 && r == (void *)7, "join b gave %p", r);
	CHECK(uk_thread_join(uk_thread_current(), 0) == -UK_SCHED_EDEADLK, "self join");
	/* A detached thread frees itself. */
	CHECK(uk_thread_create(&a, "d", 0, ret_arg, 0) == 0, "create d");
	CHECK(uk_thread_detach(a) == 0, "detach");
	uk_thread_yield();
	uk_thread_yield();
	printf("ok join\n");
	return 0;
}

static uk_tls_key key;
static int errno_bad;

static void *errno_worker(void *arg)
{
	int v = (int)(long)arg;

	errno = v;
	uk_tls_set(key, arg);
	/* This image has no __thread variable: no block, no thread pointer to load. */
	if (uk_thread_tp() != 0)
		errno_bad = 1;
	for (int i = 0; i < 5; i++) {
		uk_thread_yield();
		if (errno != v || uk_tls_get(key) != arg)
			errno_bad = 1;
	}
	return 0;
}

int case_errno(int argc, char **argv)
{
	struct uk_thread *t[4];

	(void)argc, (void)argv;
	CHECK(uk_tls_key_create(&key, 0) == 0, "key");
	errno = 99;
	for (long i = 0; i < 4; i++)
		CHECK(uk_thread_create(&t[i], "e", 0, errno_worker, (void *)(i + 1)) == 0, "create");
	for (int i = 0; i < 4; i++)
		uk_thread_join(t[i], 0);
	CHECK(!errno_bad, "a thread saw another's errno or TLS value, or had a thread pointer");
	CHECK(errno == 99, "main's errno became %d", errno);
	CHECK(uk_tls_get(key) == 0, "main's TLS value changed");
	CHECK(uk_thread_tp() == 0, "without __thread variables main's thread pointer is %#lx, not 0",
	      (unsigned long)uk_thread_tp());
	printf("ok errno\n");
	return 0;
}

/* Recurses until the guard page stops it: the overflow case wants exactly that. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(volatile char *prev, int depth)
{
	volatile char buf[512];

	buf[0] = (char)depth;
	buf[511] = prev ? prev[0] : 0;
	return recurse(buf, depth + 1) + buf[100];
}
#pragma GCC diagnostic pop

static void *overflow_worker(void *arg)
{
	volatile char here;

	(void)arg;
	/* The driver checks the fault lands just below this stack, in its own guard page. */
	printf("deep stack at 0x%llx\n", (unsigned long long)(uintptr_t)&here);
	fflush(stdout);
	return (void *)(long)recurse(&here, 0);
}

static void *nothing(void *arg)
{
	return arg;
}

/*
 * "overflow": a fresh 16 KiB stack overflows. "overflow reused": the stack
 * is one an ended thread left in the scheduler's cache, so its guard page
 * was put in place for another thread and must still be there.
 */
int case_overflow(int argc, char **argv)
{
	struct uk_thread *t;
	int reused = argc > 1 && !strcmp(argv[1], "reused");
	struct uk_alloc_stats s0, s1;
	struct uk_alloc *a = uk_alloc_default();

	CHECK(a, "no default allocator");
	if (reused) {
		CHECK(uk_thread_create(&t, "first", 16384, nothing, 0) == 0, "create first");
		CHECK(uk_thread_join(t, 0) == 0, "join first");
	}
	uk_alloc_stats_get(a, &s0);
	CHECK(uk_thread_create(&t, "deep", 16384, overflow_worker, 0) == 0, "create");
	uk_alloc_stats_get(a, &s1);
	/* Whether the stack came from the cache, as the allocator saw it. */
	CHECK((s1.nb_allocs == s0.nb_allocs) == reused, "the deep thread's stack was %s",
	      reused ? "allocated, not reused" : "reused, not allocated");
	printf("overflowing a %s 16 KiB stack\n", reused ? "reused" : "new");
	uk_thread_join(t, 0);
	printf("FAIL overflow: survived\n");
	return 1;
}
