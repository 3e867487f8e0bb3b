/*
 * POSIX threads for uk, over @uk/sched. Threads are cooperative: a thread
 * runs until it blocks, sleeps or yields (sched_yield). Functions return 0
 * or a positive errno value, as POSIX says.
 */
#ifndef _UK_PTHREAD_H
#define _UK_PTHREAD_H

#include <stddef.h>
#include <time.h>
#include <uk/sched.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct uk_thread *pthread_t;

typedef struct {
	size_t stacksize;
	int detachstate;
} pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

#define PTHREAD_MUTEX_NORMAL 0
#define PTHREAD_MUTEX_RECURSIVE 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT PTHREAD_MUTEX_NORMAL

typedef struct {
	int type;
} pthread_mutexattr_t;

typedef struct {
	struct uk_mutex m;
} pthread_mutex_t;
#define PTHREAD_MUTEX_INITIALIZER { UK_MUTEX_INIT }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP { UK_MUTEX_INIT_RECURSIVE }

typedef struct {
	clockid_t clock;
} pthread_condattr_t;

typedef struct {
	struct uk_cond c;
	clockid_t clock; /* of the absolute times given to timedwait */
} pthread_cond_t;
#define PTHREAD_COND_INITIALIZER { UK_COND_INIT, CLOCK_REALTIME }

typedef int pthread_once_t;
#define PTHREAD_ONCE_INIT 0

typedef uk_tls_key pthread_key_t;

typedef struct {
	int readers;         /* readers holding it */
	int writer;          /* 1 while a writer holds it */
	int writers_waiting; /* new readers queue behind waiting writers */
	struct uk_waitq rq, wq;
} pthread_rwlock_t;
#define PTHREAD_RWLOCK_INITIALIZER { 0, 0, 0, UK_WAITQ_INIT, UK_WAITQ_INIT }
typedef struct {
	int unused;
} pthread_rwlockattr_t;

int pthread_attr_init(pthread_attr_t *a);
int pthread_attr_destroy(pthread_attr_t *a);
int pthread_attr_setstacksize(pthread_attr_t *a, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size);
int pthread_attr_setdetachstate(pthread_attr_t *a, int state);
int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state);

int pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg);
int pthread_join(pthread_t t, void **result);
int pthread_detach(pthread_t t);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
__attribute__((noreturn)) void pthread_exit(void *result);

int pthread_mutexattr_init(pthread_mutexattr_t *a);
int pthread_mutexattr_destroy(pthread_mutexattr_t *a);
int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type);
int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime);
int pthread_mutex_unlock(pthread_mutex_t *m);

int pthread_condattr_init(pthread_condattr_t *a);
int pthread_condattr_destroy(pthread_condattr_t *a);
int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock);
int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);

int pthread_once(pthread_once_t *once, void (*fn)(void));

int pthread_key_create(pthread_key_t *key, void (*dtor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *a);
int pthread_rwlock_destroy(pthread_rwlock_t *rw);
int pthread_rwlock_rdlock(pthread_rwlock_t *rw);
int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw);
int pthread_rwlock_wrlock(pthread_rwlock_t *rw);
int pthread_rwlock_trywrlock(pthread_rwlock_t *rw);
int pthread_rwlock_unlock(pthread_rwlock_t *rw);

#ifdef __cplusplus
}
#endif

#endif
