/* Blocking: sleeps never end early, message box producer/consumer, mutex and condition variable under contention. */
#include <uk/plat.h>
#include "cases.h"

static int sleep_bad;
static int wake_order[4], wake_len;

static void *sleeper(void *arg)
{
	uint64_t ns = (uint64_t)(long)arg * 1000000;
	uint64_t t0 = uk_sched_monotonic_ns();

	uk_thread_sleep_ns(ns);
	if (uk_sched_monotonic_ns() - t0 < ns)
		sleep_bad = 1;
	wake_order[wake_len++] = (int)(long)arg;
	return 0;
}

int case_sleep(int argc, char **argv)
{
	static const long ms[4] = { 20, 5, 10, 1 };
	struct uk_thread *t[4];

	(void)argc, (void)argv;
	for (int i = 0; i < 4; i++)
		CHECK(uk_thread_create(&t[i], "s", 0, sleeper, (void *)ms[i]) == 0, "create");
	for (int i = 0; i < 4; i++)
		uk_thread_join(t[i], 0);
	CHECK(!sleep_bad, "a sleep returned early");
	CHECK(wake_order[0] == 1 && wake_order[1] == 5 && wake_order[2] == 10 && wake_order[3] == 20,
	      "woke in order %d %d %d %d", wake_order[0], wake_order[1], wake_order[2], wake_order[3]);
	for (int i = 0; i < 20; i++) {
		uint64_t ns = 100000 + 37000 * (uint64_t)i, t0 = uk_sched_monotonic_ns();
		uk_thread_sleep_ns(ns);
		CHECK(uk_sched_monotonic_ns() - t0 >= ns, "main's sleep of %llu ns was short", (unsigned long long)ns);
	}
	CHECK(uk_sched_wall_ns() > 1500000000ull * 1000000000ull, "wall clock looks unset");
	printf("ok sleep\n");
	return 0;
}

#define MSGS 2000
static struct uk_mbox box;
static void *slots[4];
static unsigned long sum_got, n_got;

static void *producer(void *arg)
{
	long base = (long)arg;

	for (long i = 1; i <= MSGS; i++)
		uk_mbox_post(&box, (void *)(base + i));
	return 0;
}

static void *consumer(void *arg)
{
	(void)arg;
	for (;;) {
		void *m = uk_mbox_fetch(&box);
		if (!m)
			return 0; /* NULL is the stop message */
		sum_got += (unsigned long)m;
		n_got++;
	}
}

int case_mbox(int argc, char **argv)
{
	struct uk_thread *p[2], *c[2];
	void *m;

	(void)argc, (void)argv;
	uk_mbox_init(&box, slots, 4);
	for (long i = 0; i < 2; i++) {
		CHECK(uk_thread_create(&c[i], "cons", 0, consumer, 0) == 0, "create");
		CHECK(uk_thread_create(&p[i], "prod", 0, producer, (void *)(i * 100000)) == 0, "create");
	}
	uk_thread_join(p[0], 0);
	uk_thread_join(p[1], 0);
	uk_mbox_post(&box, 0);
	uk_mbox_post(&box, 0);
	uk_thread_join(c[0], 0);
	uk_thread_join(c[1], 0);
	unsigned long want = 2ul * MSGS * (MSGS + 1) / 2 + 100000ul * MSGS;
	CHECK(n_got == 2 * MSGS && sum_got == want, "got %lu messages summing %lu, want %d and %lu",
	      n_got, sum_got, 2 * MSGS, want);
	uint64_t t0 = uk_sched_monotonic_ns();
	CHECK(uk_mbox_fetch_until(&box, &m, t0 + 3000000) == -UK_SCHED_ETIMEDOUT, "fetch did not time out");
	CHECK(uk_sched_monotonic_ns() - t0 >= 3000000, "fetch timed out early");
	for (int i = 0; i < 4; i++)
		CHECK(uk_mbox_trypost(&box, (void *)1) == 0, "trypost");
	CHECK(uk_mbox_trypost(&box, (void *)1) == -UK_SCHED_EAGAIN, "trypost on a full box");
	CHECK(uk_mbox_post_until(&box, (void *)1, uk_sched_monotonic_ns() + 1000000) == -UK_SCHED_ETIMEDOUT,
	      "post did not time out");
	printf("ok mbox\n");
	return 0;
}

#define WORKERS 8
#define ITERS 1000
static struct uk_mutex mtx = UK_MUTEX_INIT;
static long counter;
static int inside;
static int mutex_bad;

static void *mutex_worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < ITERS; i++) {
		uk_mutex_lock(&mtx);
		if (inside++)
			mutex_bad = 1;
		long v = counter;
		if (i % 3 == 0)
			uk_thread_yield(); /* let the others contend while we hold it */
		counter = v + 1;
		inside--;
		uk_mutex_unlock(&mtx);
		if (i % 2)
			uk_thread_yield();
	}
	return 0;
}

int case_mutex(int argc, char **argv)
{
	struct uk_thread *t[WORKERS];
	struct uk_mutex rec;

	(void)argc, (void)argv;
	for (int i = 0; i < WORKERS; i++)
		CHECK(uk_thread_create(&t[i], "m", 0, mutex_worker, 0) == 0, "create");
	for (int i = 0; i < WORKERS; i++)
		uk_thread_join(t[i], 0);
	CHECK(!mutex_bad, "two threads inside the mutex");
	CHECK(counter == WORKERS * ITERS, "counter %ld, want %d", counter, WORKERS * ITERS);
	uk_mutex_init(&rec, 1);
	CHECK(uk_mutex_lock(&rec) == 0 && uk_mutex_lock(&rec) == 0, "recursive lock");
	CHECK(uk_mutex_unlock(&rec) == 0 && rec.owner, "still held after one unlock");
	CHECK(uk_mutex_unlock(&rec) == 0 && !rec.owner, "free after two unlocks");
	CHECK(uk_mutex_lock(&mtx) == 0 && uk_mutex_lock(&mtx) == -UK_SCHED_EDEADLK, "relock detected");
	uk_mutex_unlock(&mtx);
	printf("ok mutex\n");
	return 0;
}

/* A bounded buffer guarded by one mutex and two condition variables. */
#define CAP 3
static struct uk_mutex bm = UK_MUTEX_INIT;
static struct uk_cond not_full = UK_COND_INIT, not_empty = UK_COND_INIT;
static int buf[CAP], bhead, bcount;
static long csum;

static void *cond_producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= MSGS; i++) {
		uk_mutex_lock(&bm);
		while (bcount == CAP)
			uk_cond_wait(&not_full, &bm);
		buf[(bhead + bcount++) % CAP] = i;
		uk_cond_signal(&not_empty);
		uk_mutex_unlock(&bm);
	}
	return 0;
}

static void *cond_consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < MSGS; i++) {
		uk_mutex_lock(&bm);
		while (bcount == 0)
			uk_cond_wait(&not_empty, &bm);
		csum += buf[bhead];
		bhead = (bhead + 1) % CAP;
		bcount--;
		uk_cond_signal(&not_full);
		uk_mutex_unlock(&bm);
	}
	return 0;
}

int case_cond(int argc, char **argv)
{
	struct uk_thread *t[4];
	struct uk_cond never = UK_COND_INIT;

	(void)argc, (void)argv;
	for (int i = 0; i < 2; i++) {
		CHECK(uk_thread_create(&t[2 * i], "cc", 0, cond_consumer, 0) == 0, "create");
		CHECK(uk_thread_create(&t[2 * i + 1], "cp", 0, cond_producer, 0) == 0, "create");
	}
	for (int i = 0; i < 4; i++)
		uk_thread_join(t[i], 0);
	CHECK(csum == 2L * MSGS * (MSGS + 1) / 2, "sum %ld", csum);
	uk_mutex_lock(&bm);
	uint64_t t0 = uk_sched_monotonic_ns();
	CHECK(uk_cond_wait_until(&never, &bm, t0 + 2000000) == -UK_SCHED_ETIMEDOUT, "no timeout");
	CHECK(uk_sched_monotonic_ns() - t0 >= 2000000, "timed out early");
	CHECK(bm.owner == uk_thread_current(), "mutex not re-taken after timeout");
	uk_mutex_unlock(&bm);
	printf("ok cond\n");
	return 0;
}
