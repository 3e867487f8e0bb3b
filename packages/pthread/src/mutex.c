/* pthread mutexes: normal, recursive and error-checking, over uk_mutex. */
#include <errno.h>
#include <pthread.h>
#include "deadline.h"

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	a->type = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	(void)a;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	a->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	*type = a->type;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	/* A normal mutex relocked by its owner reports EDEADLK instead of
	 * hanging: allowed, since that case is undefined for NORMAL. */
	uk_mutex_init(&m->m, a && a->type == PTHREAD_MUTEX_RECURSIVE);
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return m->m.owner ? EBUSY : 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	return -uk_mutex_lock(&m->m);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	return -uk_mutex_trylock(&m->m);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	uint64_t deadline;

	if (uk_pthread_deadline(CLOCK_REALTIME, abstime, &deadline))
		return EINVAL;
	return -uk_mutex_lock_until(&m->m, deadline);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	return -uk_mutex_unlock(&m->m);
}
