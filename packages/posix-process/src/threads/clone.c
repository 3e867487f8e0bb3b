/*
 * clone and clone3 for threads, as glibc's and musl's pthread_create make
 * them: a new @uk/sched thread that continues the caller's code from its
 * syscall instruction with every register as the caller had it, rax 0,
 * the stack it was given and, with CLONE_SETTLS, its own thread pointer.
 * That needs the caller's registers, so only a call that came through the
 * binary-compatibility trap can clone. A new process (fork, vfork,
 * posix_spawn) is not something a unikernel can make: -ENOSYS.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/sched.h>
#include <uk/syscall.h>

#include "thread.h"

#define CLONE_VM 0x100UL
#define CLONE_SIGHAND 0x800UL
#define CLONE_VFORK 0x4000UL
#define CLONE_THREAD 0x10000UL
#define CLONE_SETTLS 0x80000UL
#define CLONE_PARENT_SETTID 0x100000UL
#define CLONE_CHILD_CLEARTID 0x200000UL
#define CLONE_CHILD_SETTID 0x1000000UL
#define CLONE_THREAD_FLAGS (CLONE_VM | CLONE_SIGHAND | CLONE_THREAD)

/* The uk thread only starts the program's thread, which runs on its own stack. */
#define START_STACK (16 * 1024)

struct clone_start {
	struct uk_syscall_regs regs;
	unsigned long sp;
	uintptr_t tp;
	struct proc_thread pt;
};

static void *child_main(void *arg)
{
	struct clone_start *cs = arg;
	struct uk_syscall_regs regs = cs->regs;
	unsigned long sp = cs->sp;

	if (proc_thread_attach(&cs->pt) < 0)
		abort();
	uk_thread_tp_set(cs->tp);
	uk_syscall_trap_resume(&regs, sp);
}

static long clone_thread(unsigned long flags, unsigned long sp, uint32_t *ptid, uint32_t *ctid, unsigned long tls)
{
	const struct uk_syscall_regs *regs = uk_syscall_trap_regs();
	struct clone_start *cs;
	struct uk_thread *t;

	if ((flags & CLONE_THREAD_FLAGS) != CLONE_THREAD_FLAGS || (flags & CLONE_VFORK))
		return -ENOSYS;
	if (!regs || !sp)
		return -EINVAL;
	cs = malloc(sizeof(*cs));
	if (!cs)
		return -EAGAIN;
	cs->regs = *regs;
	cs->regs.rax = 0;
	cs->sp = sp;
	cs->tp = flags & CLONE_SETTLS ? tls : uk_thread_tp();
	cs->pt.tid = proc_thread_new_tid();
	cs->pt.clear_tid = flags & CLONE_CHILD_CLEARTID ? ctid : NULL;
	if (flags & CLONE_PARENT_SETTID)
		*ptid = (uint32_t)cs->pt.tid;
	if (flags & CLONE_CHILD_SETTID)
		*ctid = (uint32_t)cs->pt.tid;
	if (uk_thread_create(&t, "clone", START_STACK, child_main, cs) < 0) {
		free(cs);
		return -EAGAIN;
	}
	uk_thread_detach(t);
	proc_threads_alive++;
	return cs->pt.tid;
}

UK_LLSYSCALL_R_DEFINE5(long, clone, unsigned long, flags, unsigned long, sp, uint32_t *, ptid, uint32_t *, ctid,
		       unsigned long, tls)
{
	return clone_thread(flags, sp, ptid, ctid, tls);
}

/* Linux's struct clone_args, as far as a thread needs it. */
struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

UK_LLSYSCALL_R_DEFINE2(long, clone3, const struct clone_args *, args, size_t, size)
{
	if (size < sizeof(*args))
		return -EINVAL;
	if (!args->stack || !args->stack_size)
		return -EINVAL;
	return clone_thread(args->flags, args->stack + args->stack_size, (uint32_t *)args->parent_tid,
			    (uint32_t *)args->child_tid, args->tls);
}
