/*
 * The scheduling API: threads, blocking on wait queues (mutex, semaphore,
 * condition variable, bounded message box), sleeping and time. One
 * implementation is linked per image (@uk/sched-coop: cooperative, run to
 * completion). When a scheduler is linked, main() runs in a thread of its
 * own and the image stops when main returns.
 *
 * Times are nanoseconds on the platform's monotonic clock
 * (uk_plat_monotonic_ns). Blocking calls take an absolute deadline;
 * UK_SCHED_FOREVER never times out. Errors are negative errno values with
 * the Linux numbers below, so this header needs no libc.
 *
 * Thread-local storage: every thread gets its own copy of the image's
 * compiler __thread variables (uk/plat_tls.h), and a per-thread key/value
 * table (uk_tls_*). errno is per thread.
 *
 * ABI: the semver major of @uk/sched.
 */
#ifndef UK_SCHED_H
#define UK_SCHED_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UK_SCHED_FOREVER UINT64_MAX

#define UK_SCHED_EAGAIN 11
#define UK_SCHED_ENOMEM 12
#define UK_SCHED_EBUSY 16
#define UK_SCHED_EINVAL 22
#define UK_SCHED_EDEADLK 35
#define UK_SCHED_EPERM 1
#define UK_SCHED_ESRCH 3
#define UK_SCHED_ETIMEDOUT 110

/* ---- threads ---- */

struct uk_thread;
typedef void *(*uk_thread_fn)(void *arg);

/* Stack size used when 0 is asked for. */
#define UK_THREAD_STACK_DEFAULT (64 * 1024)
#define UK_THREAD_NAME_MAX 16

/*
 * Create a thread running fn(arg) with a stack of at least stack_size bytes
 * (0: the default). name is copied (truncated to UK_THREAD_NAME_MAX-1).
 * The new thread is queued behind the ready threads; the caller keeps
 * running. Returns 0 and *out (may be NULL), or -UK_SCHED_ENOMEM.
 */
int uk_thread_create(struct uk_thread **out, const char *name, size_t stack_size,
		     uk_thread_fn fn, void *arg);
/* End the calling thread with a result for uk_thread_join. */
__attribute__((noreturn)) void uk_thread_exit(void *result);
/*
 * Wait for t to end and free it; *result (if not NULL) gets its result.
 * Errors: -UK_SCHED_EDEADLK (t is the caller), -UK_SCHED_EINVAL (detached
 * or already joined).
 */
int uk_thread_join(struct uk_thread *t, void **result);
/* Free t by itself when it ends; it cannot be joined any more. */
int uk_thread_detach(struct uk_thread *t);
struct uk_thread *uk_thread_current(void);
const char *uk_thread_name(const struct uk_thread *t);
/* Let every ready thread run once before the caller continues. */
void uk_thread_yield(void);
/* Sleep at least ns nanoseconds / until the monotonic time deadline. */
void uk_thread_sleep_ns(uint64_t ns);
void uk_thread_sleep_until(uint64_t deadline);
/* The calling thread's errno. */
int *uk_thread_errno(void);
/*
 * The calling thread's thread pointer: on x86_64 the FS base. A thread
 * starts with its block of the image's __thread variables there (0 when
 * the image has none). Code compiled for Linux (an unmodified
 * executable's C library) sets its own for its own TLS: set makes it
 * current at once, the scheduler loads it again whenever the thread runs,
 * and from then on also keeps the thread's SSE registers across switches,
 * as Linux would. The image's __thread variables are then out of that
 * thread's reach.
 */
void uk_thread_tp_set(uintptr_t tp);
uintptr_t uk_thread_tp(void);
/*
 * Give the allocator back the memory the scheduler keeps for reuse (the
 * stacks of ended threads, which the next threads would otherwise start
 * on) and return how many bytes that was; 0 when it keeps none. Threads
 * created later allocate again. For leak checks and low-memory moments.
 */
size_t uk_sched_reclaim(void);

/* Thread-local storage: keys into a per-thread table of pointers. */
#define UK_TLS_KEYS 32
typedef unsigned int uk_tls_key;
/*
 * Allocate a key; every thread's value for it starts NULL. dtor (may be
 * NULL) runs at thread exit for non-NULL values. -UK_SCHED_EAGAIN when all
 * keys are taken.
 */
int uk_tls_key_create(uk_tls_key *key, void (*dtor)(void *));
int uk_tls_key_delete(uk_tls_key key);
void *uk_tls_get(uk_tls_key key);
int uk_tls_set(uk_tls_key key, void *value);

/* ---- time ---- */

uint64_t uk_sched_monotonic_ns(void);
uint64_t uk_sched_wall_ns(void);

/* ---- wait queues ---- */

/* Threads blocked on something, woken in FIFO order. Zero-initialised. */
struct uk_waitq {
	struct uk_thread *head, *tail;
};
#define UK_WAITQ_INIT { 0, 0 }

/*
 * Block the caller on wq until woken or until deadline. Returns 0 when
 * woken, -UK_SCHED_ETIMEDOUT when the deadline passed first. Because the
 * scheduler is cooperative, checking a condition and then calling this
 * cannot miss a wake-up.
 */
int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline);
/* Wake the first waiter / every waiter; returns how many were woken. */
int uk_waitq_wake_one(struct uk_waitq *wq);
int uk_waitq_wake_all(struct uk_waitq *wq);

/* ---- mutex (optionally recursive; ownership passes FIFO on unlock) ---- */

struct uk_mutex {
	struct uk_thread *owner;
	unsigned int depth;
	int recursive;
	struct uk_waitq wq;
};
#define UK_MUTEX_INIT { 0, 0, 0, UK_WAITQ_INIT }
#define UK_MUTEX_INIT_RECURSIVE { 0, 0, 1, UK_WAITQ_INIT }

void uk_mutex_init(struct uk_mutex *m, int recursive);
/* 0, -UK_SCHED_EDEADLK (non-recursive, already ours), -UK_SCHED_ETIMEDOUT */
int uk_mutex_lock_until(struct uk_mutex *m, uint64_t deadline);
int uk_mutex_lock(struct uk_mutex *m);
int uk_mutex_trylock(struct uk_mutex *m); /* -UK_SCHED_EBUSY when held */
int uk_mutex_unlock(struct uk_mutex *m);  /* -UK_SCHED_EPERM if not ours */

/* ---- counting semaphore ---- */

struct uk_sem {
	long count;
	struct uk_waitq wq;
};

void uk_sem_init(struct uk_sem *s, long count);
int uk_sem_down_until(struct uk_sem *s, uint64_t deadline); /* 0 or -ETIMEDOUT */
void uk_sem_down(struct uk_sem *s);
int uk_sem_trydown(struct uk_sem *s); /* 0 or -UK_SCHED_EAGAIN */
void uk_sem_up(struct uk_sem *s);

/* ---- condition variable ---- */

struct uk_cond {
	struct uk_waitq wq;
};
#define UK_COND_INIT { UK_WAITQ_INIT }

void uk_cond_init(struct uk_cond *c);
/*
 * Release m, wait for a signal or the deadline, take m again (always, even
 * on timeout). Returns 0 or -UK_SCHED_ETIMEDOUT.
 */
int uk_cond_wait_until(struct uk_cond *c, struct uk_mutex *m, uint64_t deadline);
int uk_cond_wait(struct uk_cond *c, struct uk_mutex *m);
void uk_cond_signal(struct uk_cond *c);
void uk_cond_broadcast(struct uk_cond *c);

/* ---- bounded message box of pointers ---- */

struct uk_mbox {
	void **slots;
	size_t cap, head, count;
	struct uk_waitq not_empty, not_full;
};

/* Use the caller's array of cap slots (cap >= 1). */
void uk_mbox_init(struct uk_mbox *mb, void **slots, size_t cap);
/* 0, or -UK_SCHED_ETIMEDOUT (post: box stayed full; fetch: stayed empty). */
int uk_mbox_post_until(struct uk_mbox *mb, void *msg, uint64_t deadline);
void uk_mbox_post(struct uk_mbox *mb, void *msg);
int uk_mbox_trypost(struct uk_mbox *mb, void *msg); /* -UK_SCHED_EAGAIN when full */
int uk_mbox_fetch_until(struct uk_mbox *mb, void **msg, uint64_t deadline);
void *uk_mbox_fetch(struct uk_mbox *mb);
int uk_mbox_tryfetch(struct uk_mbox *mb, void **msg); /* -UK_SCHED_EAGAIN when empty */

#ifdef __cplusplus
}
#endif

#endif /* UK_SCHED_H */
