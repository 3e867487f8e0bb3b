/*
 * exit ends the calling thread: its CLONE_CHILD_CLEARTID word is cleared
 * and its futex woken (that is how pthread_join learns of it), and the
 * last thread to go ends the image with its status, as the last thread of
 * a Linux process does. exit_group ends the image at once. Either way the
 * image stops as when main returns, through libc's exit(): the program's
 * own C library has already run its handlers, and what the kernel still
 * does for an ended Linux process runs in uk's shutdown hooks (lwIP sends
 * what the program's sockets still hold).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <uk/sched.h>
#include <uk/syscall.h>

#include "thread.h"

UK_LLSYSCALL_R_DEFINE1(long, exit, int, status)
{
	struct proc_thread *self = proc_thread_self();

	if (self->clear_tid) {
		__atomic_store_n(self->clear_tid, 0, __ATOMIC_RELEASE);
		proc_futex_wake(self->clear_tid, 1, 0xffffffffu);
	}
	if (--proc_threads_alive == 0)
		exit(status & 0xff);
	uk_thread_exit(NULL);
}

UK_LLSYSCALL_R_DEFINE1(long, exit_group, int, status)
{
	exit(status & 0xff);
}
