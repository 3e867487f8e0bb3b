/*
 * Thread identity for a program with several threads: each thread clone
 * made carries a record (a @uk/sched TLS key) with its Linux thread id and
 * the word to clear when it exits; every other thread is the program's
 * first, tid 1. gettid and set_tid_address answer from the record.
 */
#include <errno.h>
#include <stddef.h>
#include <unistd.h>
#include <uk/sched.h>
#include <uk/syscall.h>

#include "thread.h"

static struct proc_thread first = { .tid = 1 };
static uk_tls_key key;
static int have_key;
static long last_tid = 1;
long proc_threads_alive = 1;

long proc_thread_new_tid(void)
{
	return ++last_tid;
}

int proc_thread_attach(struct proc_thread *pt)
{
	if (!have_key) {
		if (uk_tls_key_create(&key, NULL) < 0)
			return -EAGAIN;
		have_key = 1;
	}
	return uk_tls_set(key, pt) < 0 ? -EAGAIN : 0;
}

struct proc_thread *proc_thread_self(void)
{
	struct proc_thread *pt = have_key ? uk_tls_get(key) : NULL;

	return pt ? pt : &first;
}

UK_SYSCALL_R_DEFINE0(pid_t, gettid)
{
	return (pid_t)proc_thread_self()->tid;
}

UK_LLSYSCALL_R_DEFINE1(long, set_tid_address, uint32_t *, tidptr)
{
	struct proc_thread *self = proc_thread_self();

	self->clear_tid = tidptr;
	return self->tid;
}
