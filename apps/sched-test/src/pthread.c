/* POSIX threads over the scheduler: create/join/detach, mutex (recursive too), cond timed wait, once, keys, rwlock, libc sleeps. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include "cases.h"

static pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
static long pcount;
static int once_calls;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t pkey;
static int dtor_calls;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int rw_readers_inside, rw_bad;

static void once_fn(void)
{
	once_calls++;
}

/* An initialiser that blocks: the other callers must wait until it is done. */
static pthread_once_t slow_once = PTHREAD_ONCE_INIT;
static int slow_calls, slow_done, slow_seen_early;

static void slow_init(void)
{
	slow_calls++;
	usleep(2000);
	slow_done = 1;
}

static void *slow_caller(void *arg)
{
	pthread_once(&slow_once, slow_init);
	if (!slow_done)
		slow_seen_early = 1;
	return arg;
}

static void dtor(void *v)
{
	(void)v;
	dtor_calls++;
}

static void *worker(void *arg)
{
	pthread_once(&once, once_fn);
	pthread_setspecific(pkey, arg);
	for (int i = 0; i < 500; i++) {
		pthread_mutex_lock(&pm);
		long v = pcount;
		sched_yield();
		pcount = v + 1;
		pthread_mutex_unlock(&pm);
	}
	if (pthread_getspecific(pkey) != arg)
		return (void *)1;
	return arg;
}

static void *reader(void *arg)
{
	(void)arg;
	for (int i = 0; i < 50; i++) {
		pthread_rwlock_rdlock(&rw);
		rw_readers_inside++;
		sched_yield();
		rw_readers_inside--;
		pthread_rwlock_unlock(&rw);
	}
	return 0;
}

static void *writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 50; i++) {
		pthread_rwlock_wrlock(&rw);
		if (rw_readers_inside)
			rw_bad = 1;
		sched_yield();
		pthread_rwlock_unlock(&rw);
		sched_yield();
	}
	return 0;
}

int case_pthread(int argc, char **argv)
{
	pthread_t t[4];
	pthread_attr_t attr;
	void *r;

	(void)argc, (void)argv;
	CHECK(pthread_key_create(&pkey, dtor) == 0, "key");
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 32768);
	for (long i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], &attr, worker, (void *)(i + 10)) == 0, "create");
	for (long i = 0; i < 4; i++)
		CHECK(pthread_join(t[i], &r) == 0 && r == (void *)(i + 10), "join %ld gave %p", i, r);
	CHECK(pcount == 2000, "count %ld", pcount);
	CHECK(once_calls == 1, "once ran %d times", once_calls);
	for (long i = 0; i < 3; i++)
		CHECK(pthread_create(&t[i], 0, slow_caller, 0) == 0, "create slow_caller");
	for (long i = 0; i < 3; i++)
		CHECK(pthread_join(t[i], 0) == 0, "join slow_caller");
	CHECK(slow_calls == 1 && slow_done, "a blocking once initialiser ran %d times", slow_calls);
	CHECK(!slow_seen_early, "pthread_once returned while its initialiser was still running");
	CHECK(dtor_calls == 4, "key destructor ran %d times", dtor_calls);
	CHECK(pthread_equal(pthread_self(), pthread_self()), "self");

	pthread_mutexattr_t ma;
	pthread_mutex_t rm;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rm, &ma);
	CHECK(pthread_mutex_lock(&rm) == 0 && pthread_mutex_lock(&rm) == 0, "recursive");
	CHECK(pthread_mutex_unlock(&rm) == 0 && pthread_mutex_unlock(&rm) == 0, "recursive unlock");
	CHECK(pthread_mutex_unlock(&rm) == EPERM, "unlock of an unheld mutex");

	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec now, abs;
	clock_gettime(CLOCK_REALTIME, &now);
	abs = now;
	abs.tv_nsec += 3000000;
	if (abs.tv_nsec >= 1000000000L) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000L;
	}
	struct timespec m0, m1;
	clock_gettime(CLOCK_MONOTONIC, &m0);
	pthread_mutex_lock(&pm);
	CHECK(pthread_cond_timedwait(&c, &pm, &abs) == ETIMEDOUT, "timedwait did not time out");
	pthread_mutex_unlock(&pm);
	clock_gettime(CLOCK_MONOTONIC, &m1);
	long waited = (m1.tv_sec - m0.tv_sec) * 1000000000L + (m1.tv_nsec - m0.tv_nsec);
	CHECK(waited >= 2000000, "timedwait returned after %ld ns", waited);

	for (int i = 0; i < 3; i++)
		CHECK(pthread_create(&t[i], 0, reader, 0) == 0, "reader");
	CHECK(pthread_create(&t[3], 0, writer, 0) == 0, "writer");
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	CHECK(!rw_bad, "a writer held the rwlock with readers inside");

	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	CHECK(pthread_create(&t[0], &attr, reader, 0) == 0, "detached");

	/* libc's sleeps go through the scheduler. */
	clock_gettime(CLOCK_MONOTONIC, &m0);
	usleep(2000);
	struct timespec req = { 0, 1000000 };
	CHECK(nanosleep(&req, 0) == 0, "nanosleep");
	clock_gettime(CLOCK_MONOTONIC, &m1);
	waited = (m1.tv_sec - m0.tv_sec) * 1000000000L + (m1.tv_nsec - m0.tv_nsec);
	CHECK(waited >= 3000000, "usleep+nanosleep took %ld ns", waited);
	printf("ok pthread\n");
	return 0;
}
