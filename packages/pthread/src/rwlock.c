/*
 * Reader-writer locks. Writers are preferred: once a writer waits, new
 * readers queue, so a stream of readers cannot starve it. A woken waiter
 * re-checks the state in a loop: a thread that ran before it may have
 * taken the lock again.
 */
#include <errno.h>
#include <pthread.h>

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *a)
{
	(void)a;
	*rw = (pthread_rwlock_t)PTHREAD_RWLOCK_INITIALIZER;
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	return rw->readers || rw->writer ? EBUSY : 0;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	if (rw->writer || rw->writers_waiting)
		return EBUSY;
	rw->readers++;
	return 0;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	while (rw->writer || rw->writers_waiting)
		uk_waitq_wait(&rw->rq, UK_SCHED_FOREVER);
	rw->readers++;
	return 0;
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	if (rw->writer || rw->readers)
		return EBUSY;
	rw->writer = 1;
	return 0;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	rw->writers_waiting++;
	while (rw->writer || rw->readers)
		uk_waitq_wait(&rw->wq, UK_SCHED_FOREVER);
	rw->writers_waiting--;
	rw->writer = 1;
	return 0;
}

int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	if (rw->writer)
		rw->writer = 0;
	else if (rw->readers)
		rw->readers--;
	else
		return EPERM;
	if (rw->readers)
		return 0;
	/* Free: a waiting writer first, else every waiting reader. */
	if (!uk_waitq_wake_one(&rw->wq))
		uk_waitq_wake_all(&rw->rq);
	return 0;
}
