/* pthread thread life cycle and attributes, over uk_thread_*. */
#include <errno.h>
#include <pthread.h>

int pthread_attr_init(pthread_attr_t *a)
{
	a->stacksize = UK_THREAD_STACK_DEFAULT;
	a->detachstate = PTHREAD_CREATE_JOINABLE;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a)
{
	(void)a;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < 4096)
		return EINVAL;
	a->stacksize = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = a->stacksize;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	a->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = a->detachstate;
	return 0;
}

int pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	struct uk_thread *th;
	int rc = uk_thread_create(&th, "pthread", a ? a->stacksize : 0, fn, arg);

	if (rc < 0)
		return EAGAIN;
	if (a && a->detachstate == PTHREAD_CREATE_DETACHED)
		uk_thread_detach(th);
	*t = th;
	return 0;
}

int pthread_join(pthread_t t, void **result)
{
	return -uk_thread_join(t, result);
}

int pthread_detach(pthread_t t)
{
	return -uk_thread_detach(t);
}

pthread_t pthread_self(void)
{
	return uk_thread_current();
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

void pthread_exit(void *result)
{
	uk_thread_exit(result);
}
