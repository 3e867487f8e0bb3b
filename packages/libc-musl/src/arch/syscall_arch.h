/*
 * musl's system-call layer, routed to uk: this header takes the place of
 * musl's own arch/x86_64/syscall_arch.h (our include directory comes
 * first), so every __syscallN(n, ...) musl makes is a call of
 * uk_syscall_r(), which finds the library that owns the call in the
 * @uk/syscall table. No `syscall` instruction is ever executed: the image
 * has no kernel below it to catch one.
 */
#ifndef _UK_MUSL_SYSCALL_ARCH_H
#define _UK_MUSL_SYSCALL_ARCH_H

/* Declared here, not through <uk/syscall.h>: musl's internal headers come first. */
long uk_syscall_r(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

static __inline long __syscall0(long n)
{
	return uk_syscall_r(n, 0, 0, 0, 0, 0, 0);
}

static __inline long __syscall1(long n, long a1)
{
	return uk_syscall_r(n, a1, 0, 0, 0, 0, 0);
}

static __inline long __syscall2(long n, long a1, long a2)
{
	return uk_syscall_r(n, a1, a2, 0, 0, 0, 0);
}

static __inline long __syscall3(long n, long a1, long a2, long a3)
{
	return uk_syscall_r(n, a1, a2, a3, 0, 0, 0);
}

static __inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return uk_syscall_r(n, a1, a2, a3, a4, 0, 0);
}

static __inline long __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	return uk_syscall_r(n, a1, a2, a3, a4, a5, 0);
}

static __inline long __syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	return uk_syscall_r(n, a1, a2, a3, a4, a5, a6);
}

/* No vDSO: the clocks are uk's own functions (src/time.c). */
#define IPC_64 0

#endif
