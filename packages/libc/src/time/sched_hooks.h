/*
 * The scheduler entry points libc uses when a scheduler is linked. They are
 * weak references: without @uk/sched in the image they resolve to NULL and
 * libc falls back to the platform (a single thread may halt the CPU).
 * Declared here rather than by including <uk/sched.h>, so libc does not
 * require a scheduler API.
 */
#ifndef _UK_LIBC_SCHED_HOOKS_H
#define _UK_LIBC_SCHED_HOOKS_H

#include <stdint.h>

extern void uk_thread_sleep_until(uint64_t deadline) __attribute__((weak));
extern void uk_thread_yield(void) __attribute__((weak));

/* Sleep until the monotonic time deadline (ns), with or without a scheduler. */
void __uk_libc_sleep_until(uint64_t deadline);

#endif
