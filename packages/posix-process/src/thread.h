/* Private to @uk/posix-process (feature threads): the process's threads as Linux numbers them, and futex wake-ups. */
#ifndef UK_POSIX_PROCESS_THREAD_H
#define UK_POSIX_PROCESS_THREAD_H

#include <stdint.h>

struct proc_thread {
	long tid;
	uint32_t *clear_tid; /* CLONE_CHILD_CLEARTID / set_tid_address: zeroed and woken at exit */
};

/* The calling thread's record; a thread clone did not make (the program's first) is tid 1. */
struct proc_thread *proc_thread_self(void);
/* Give the calling uk thread its record (a thread clone made). */
int proc_thread_attach(struct proc_thread *pt);
/* Thread ids handed out, and the threads of the program that have not exited. */
long proc_thread_new_tid(void);
extern long proc_threads_alive;

/* Wake up to n waiters of the futex at addr whose bitset meets bitset; returns how many. */
int proc_futex_wake(uint32_t *addr, int n, uint32_t bitset);

#endif
