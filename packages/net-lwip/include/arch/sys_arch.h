/*
 * lwIP's operating-system types (arch/sys_arch.h) for uk: semaphores,
 * mutexes and message boxes are @uk/sched's, each with a flag that says
 * whether it was created (lwIP asks with sys_*_valid). Only the threads
 * feature has them: without a scheduler lwIP runs with NO_SYS and includes
 * no sys_arch.h, and @uk/sched (an optional peer, which the feature
 * requires) is not in the image. The header still compiles there, as it
 * must: this include directory is on every dependent's path and uk lint
 * reads a dependency's headers without its features. (uk lint reads this
 * library's own headers with every feature on, so the part below is checked.)
 */
#ifndef UK_NET_LWIP_ARCH_SYS_ARCH_H
#define UK_NET_LWIP_ARCH_SYS_ARCH_H

#include <uk/config.h>

#ifdef CONFIG_UK_NET_LWIP_THREADS
#include <uk/sched.h>

typedef struct {
	struct uk_sem sem;
	int valid;
} sys_sem_t;

typedef struct {
	struct uk_mutex mutex;
	int valid;
} sys_mutex_t;

typedef struct {
	struct uk_mbox mbox;
	void **slots;
	int valid;
} sys_mbox_t;

typedef struct uk_thread *sys_thread_t;

#endif /* CONFIG_UK_NET_LWIP_THREADS */

#endif
