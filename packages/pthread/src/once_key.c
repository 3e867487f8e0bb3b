/*
 * pthread_once and thread-specific data keys. Once: a thread that finds
 * the initialiser running (it blocked inside it) yields until it is done.
 */
#include <errno.h>
#include <pthread.h>

enum { ONCE_NEW, ONCE_RUNNING, ONCE_DONE };

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	if (*once == ONCE_NEW) {
		*once = ONCE_RUNNING;
		fn();
		*once = ONCE_DONE;
	}
	while (*once != ONCE_DONE)
		uk_thread_sleep_ns(100000);
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
