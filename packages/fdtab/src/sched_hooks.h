/*
 * The scheduler entry points fdtab waits through when a scheduler is
 * linked. Weak references: without @uk/sched in the image they are NULL and
 * waiting idles the CPU instead. Declared here rather than by including
 * <uk/sched.h>, so fdtab does not require a scheduler API; struct uk_waitq
 * is the API's own layout (two thread pointers, zero-initialised), which
 * its major version fixes.
 */
#ifndef UK_FDTAB_SCHED_HOOKS_H
#define UK_FDTAB_SCHED_HOOKS_H

#include <stdint.h>

struct uk_thread;
struct uk_waitq {
	struct uk_thread *head, *tail;
};

extern int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline) __attribute__((weak));
extern int uk_waitq_wake_all(struct uk_waitq *wq) __attribute__((weak));

#endif
