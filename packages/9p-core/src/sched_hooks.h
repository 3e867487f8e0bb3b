/*
 * The scheduler entry points a waiting thread uses when a scheduler is
 * linked. Weak references: without @uk/sched in the image they are NULL and
 * a wait polls the transport instead, so this library does not require a
 * scheduler API. struct uk_waitq is two pointers, zero-initialised, as
 * @uk/sched fixes it; struct uk_9p_dev keeps room for two of them.
 */
#ifndef UK_9P_SCHED_HOOKS_H
#define UK_9P_SCHED_HOOKS_H

#include <stdint.h>

struct uk_waitq;
extern int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline) __attribute__((weak));
extern int uk_waitq_wake_all(struct uk_waitq *wq) __attribute__((weak));
extern void uk_thread_yield(void) __attribute__((weak));

#endif
