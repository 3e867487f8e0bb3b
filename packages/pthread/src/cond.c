/* pthread condition variables, with the clock of timed waits selectable. */
#include <errno.h>
#include <pthread.h>
#include "deadline.h"

int pthread_condattr_init(pthread_condattr_t *a)
{
	a->clock = CLOCK_REALTIME;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a)
{
	(void)a;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	a->clock = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock)
{
	*clock = a->clock;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	uk_cond_init(&c->c);
	c->clock = a ? a->clock : CLOCK_REALTIME;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	return c->c.wq.head ? EBUSY : 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return -uk_cond_wait(&c->c, &m->m);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	uint64_t deadline;

	if (uk_pthread_deadline(c->clock, abstime, &deadline))
		return EINVAL;
	return -uk_cond_wait_until(&c->c, &m->m, deadline);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	uk_cond_signal(&c->c);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	uk_cond_broadcast(&c->c);
	return 0;
}
