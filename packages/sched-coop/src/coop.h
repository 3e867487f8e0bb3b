/*
 * Internals shared by the files of @uk/sched-coop: the thread structure,
 * the ready queue, the timer list and the primitives every blocking call is
 * built from (block the current thread, wake a thread).
 */
#ifndef UK_SCHED_COOP_H
#define UK_SCHED_COOP_H

#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/plat.h>
#include <uk/plat_tls.h>

enum coop_state { COOP_READY, COOP_RUNNING, COOP_BLOCKED, COOP_DEAD };

struct uk_thread {
	void *sp;                       /* saved stack pointer while switched out */
	struct uk_thread *next, *prev;  /* ready queue or wait queue link */
	struct uk_waitq *waitq;         /* the wait queue it is on, if any */
	struct uk_thread *tnext, *tprev;/* timer list link */
	uint64_t wake_at;               /* deadline while on the timer list */
	int on_timer;
	int timed_out;
	enum coop_state state;
	int detached, joined;
	struct uk_thread *joiner;
	void *result;
	uk_thread_fn fn;
	void *arg;
	void *mem;                      /* allocation holding stack and struct */
	size_t npages;                  /* 0: not allocated (the boot thread) */
	int errno_value;
	uintptr_t tp;                   /* thread pointer (FS base): its TLS block, or a Linux program's; 0: none */
	int linux_code;                 /* set its own thread pointer: runs code built for Linux */
	/* SSE/x87 state of a thread running code built for Linux, while switched out */
	unsigned char fpu[512] __attribute__((aligned(16)));
	void *tls[UK_TLS_KEYS];
	char name[UK_THREAD_NAME_MAX];
};

extern struct uk_thread *coop_current;

/* switch.S: save callee-saved state on the current stack into *save_sp,
 * continue on new_sp. */
void coop_switch(void **save_sp, void *new_sp);
void coop_thread_trampoline(void);

/* sched.c */
void coop_make_ready(struct uk_thread *t);
void coop_schedule(void);   /* current is blocked or dead: run someone else */
void coop_wake(struct uk_thread *t);
void coop_reap(void);

/* timer.c */
void coop_timer_add(struct uk_thread *t, uint64_t deadline);
void coop_timer_remove(struct uk_thread *t);
void coop_timer_expire(uint64_t now);
uint64_t coop_timer_next(void); /* UK_SCHED_FOREVER when none */

/* waitq.c */
void coop_waitq_remove(struct uk_thread *t);
struct uk_thread *coop_waitq_first(struct uk_waitq *wq);

/* tp.c: keep and give back a Linux-built thread's SSE/x87 registers */
void coop_fpu_save(struct uk_thread *t);
void coop_fpu_restore(struct uk_thread *t);

/* thread.c */
void coop_thread_free(struct uk_thread *t);
size_t coop_thread_pages(size_t stack_size); /* one allocation: guard, stack, struct */
void coop_tls_run_dtors(struct uk_thread *t);

/* stack.c: a thread's allocation, from the cache of ended threads' or new
 * (guard page applied); put keeps it in the cache or frees it. */
void *coop_stack_get(size_t npages);
void coop_stack_put(void *mem, size_t npages);

#endif
