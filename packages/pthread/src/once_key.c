/*
 * pthread_once and thread-specific data keys. Once: a thread that finds
 * the initialiser running (it blocked inside it) waits until it is done.
 */
#include <errno.h>
#include <pthread.h>

enum { ONCE_NEW, ONCE_RUNNING, ONCE_DONE };

/*
 * Threads waiting for some initialiser to finish. pthread_once_t is an int,
 * with no room for a queue of its own, so all share this one: each finished
 * initialiser wakes them all and each goes back to waiting unless its own
 * is done. Waiting on a queue rather than polling means a thread that
 * blocks in its initialiser costs the others nothing until it is done.
 */
static struct uk_waitq once_waiters = UK_WAITQ_INIT;

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	if (*once == ONCE_NEW) {
		*once = ONCE_RUNNING;
		fn();
		*once = ONCE_DONE;
		uk_waitq_wake_all(&once_waiters);
	}
	while (*once != ONCE_DONE)
		uk_waitq_wait(&once_waiters, UK_SCHED_FOREVER);
	return 0;
}

int pthread_key_create(pthread_key_t *key, void (*dtor)(void *))
{
	return -uk_tls_key_create(key, dtor);
}

int pthread_key_delete(pthread_key_t key)
{
	return -uk_tls_key_delete(key);
}

void *pthread_getspecific(pthread_key_t key)
{
	return uk_tls_get(key);
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	return -uk_tls_set(key, (void *)value);
}
