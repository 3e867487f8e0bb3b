/*
 * The scheduler entry points a waiting thread uses when a scheduler is
 * linked. They are weak references, as in @uk/libc: without @uk/sched in the
 * image they resolve to NULL and a wait polls the device instead, so this
 * library does not require a scheduler API. The wait queue is @uk/sched's
 * struct uk_waitq, which that API fixes as two pointers, zero-initialised;
 * struct uk_blkdev keeps room for it (waiters[2]).
 */
#ifndef UK_BLKDEV_SCHED_HOOKS_H
#define UK_BLKDEV_SCHED_HOOKS_H

#include <stdint.h>

struct uk_waitq;
extern int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline) __attribute__((weak));
extern int uk_waitq_wake_all(struct uk_waitq *wq) __attribute__((weak));
extern void uk_thread_yield(void) __attribute__((weak));

#endif
