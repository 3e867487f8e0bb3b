/*
 * Identity and process calls as the one process of a unikernel answers
 * them: process 1, no parent, root, one thread with id 1 unless the
 * threads feature (src/threads) is on. uname says Linux, so programs that probe the kernel
 * behave as on Linux, and names uk as the version.
 */
/* utsname's domainname keeps that name only with _GNU_SOURCE in some C libraries (musl). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <uk/config.h>
#include <uk/syscall.h>

#include "process.h"

UK_SYSCALL_R_DEFINE0(pid_t, getpid)
{
	return 1;
}

UK_SYSCALL_R_DEFINE0(pid_t, getppid)
{
	return 0;
}


UK_SYSCALL_R_DEFINE0(uid_t, getuid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE0(uid_t, geteuid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE0(gid_t, getgid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE0(gid_t, getegid)
{
	return 0;
}

UK_SYSCALL_R_DEFINE1(int, uname, struct utsname *, u)
{
	memset(u, 0, sizeof(*u));
	strcpy(u->sysname, "Linux");
	strcpy(u->nodename, "uk");
	strcpy(u->release, UK_PROCESS_LINUX_RELEASE);
	strcpy(u->version, "uk");
	strcpy(u->machine, "x86_64");
	strcpy(u->domainname, "(none)");
	return 0;
}

#ifndef CONFIG_UK_POSIX_PROCESS_THREADS
/* One thread (without the threads feature): its id is 1 and exit ends the image, through exit() as threads/exit.c explains. */
UK_SYSCALL_R_DEFINE0(pid_t, gettid)
{
	return 1;
}

/* The thread-id pointer a threads library clears at exit; one thread, so only kept. */
UK_LLSYSCALL_R_DEFINE1(long, set_tid_address, int *, tidptr)
{
	(void)tidptr;
	return 1;
}

UK_LLSYSCALL_R_DEFINE1(long, exit, int, status)
{
	exit(status & 0xff);
}

UK_LLSYSCALL_R_DEFINE1(long, exit_group, int, status)
{
	exit(status & 0xff);
}
#endif

UK_LLSYSCALL_R_DEFINE2(long, set_robust_list, void *, head, size_t, len)
{
	(void)head;
	(void)len;
	return 0;
}

/* Signals: a single process has nobody to signal it; actions and masks are accepted. */
UK_LLSYSCALL_R_DEFINE4(long, rt_sigaction, int, sig, const void *, act, void *, oldact, size_t, setsize)
{
	(void)act;
	if (sig < 1 || sig > 64)
		return -EINVAL;
	if (oldact)
		memset(oldact, 0, 32); /* Linux's struct kernel_sigaction with an 8-byte mask */
	(void)setsize;
	return 0;
}

UK_LLSYSCALL_R_DEFINE4(long, rt_sigprocmask, int, how, const void *, set, void *, oldset, size_t, setsize)
{
	(void)how;
	(void)set;
	if (oldset)
		memset(oldset, 0, setsize <= 128 ? setsize : 128);
	return 0;
}

UK_LLSYSCALL_R_DEFINE2(long, sigaltstack, const void *, ss, void *, old)
{
	(void)ss;
	if (old)
		memset(old, 0, 24);
	return 0;
}

/* Limits: everything unlimited, the stack the size programs assume (8 MiB). */
struct rlimit64 {
	unsigned long cur, max;
};

UK_LLSYSCALL_R_DEFINE4(long, prlimit64, int, pid, int, resource, const struct rlimit64 *, newlim,
		       struct rlimit64 *, old)
{
	(void)newlim;
	if (pid != 0 && pid != 1)
		return -ESRCH;
	if (old) {
		old->cur = resource == 3 /* RLIMIT_STACK */ ? 8UL << 20 : ~0UL;
		old->max = ~0UL;
	}
	return 0;
}

/* Restartable sequences: not offered; C libraries take -ENOSYS as "use the slow path", quietly. */
UK_LLSYSCALL_R_DEFINE4(long, rseq, void *, area, unsigned int, len, int, flags, unsigned int, sig)
{
	(void)area;
	(void)len;
	(void)flags;
	(void)sig;
	return -ENOSYS;
}
