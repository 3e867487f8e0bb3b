/*
 * Threads as an ordinary program uses them: pthread_create/join, a mutex
 * and condition variable passing a token round the threads in turn, a
 * shared counter, a __thread variable per thread, a short sleep, a
 * detached thread, a timed wait that times out. Prints only what is the
 * same on every run, whatever the interleaving; exits 0 when all is right.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4
#define ROUNDS 50

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn, counter, detached_ran;
static __thread int mine = 7;

static void *worker(void *arg)
{
	long id = (long)arg;
	struct timespec nap = { 0, 1000000 };

	mine = (int)id * 100;
	nanosleep(&nap, NULL);
	for (int r = 0; r < ROUNDS; r++) {
		pthread_mutex_lock(&lock);
		while (turn % THREADS != id)
			pthread_cond_wait(&turn_changed, &lock);
		counter++;
		turn++;
		pthread_cond_broadcast(&turn_changed);
		pthread_mutex_unlock(&lock);
		sched_yield();
	}
	return (void *)(long)(mine + ROUNDS);
}

static void *detached(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	detached_ran = 1;
	pthread_cond_broadcast(&turn_changed);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS], d;
	long sum = 0;
	struct timespec until;
	int timed_out;

	for (long i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
			return 2;
	for (int i = 0; i < THREADS; i++) {
		void *r;

		if (pthread_join(t[i], &r) != 0)
			return 3;
		printf("thread %d returned %ld\n", i, (long)r);
		sum += (long)r;
	}
	printf("counter=%d turn=%d sum=%ld main's mine=%d\n", counter, turn, sum, mine);

	pthread_create(&d, NULL, detached, NULL);
	pthread_detach(d);
	pthread_mutex_lock(&lock);
	while (!detached_ran)
		pthread_cond_wait(&turn_changed, &lock);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 20000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	timed_out = pthread_cond_timedwait(&turn_changed, &lock, &until) == ETIMEDOUT;
	pthread_mutex_unlock(&lock);
	printf("detached thread ran=%d, timed wait timed out=%d\n", detached_ran, timed_out);
	return counter == THREADS * ROUNDS && timed_out ? 0 : 1;
}
