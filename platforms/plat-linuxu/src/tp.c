/*
 * The thread pointer (uk/plat_tls.h): the FS base of the image's one host
 * thread. When the host kernel lets user code write it directly (it says
 * so in the auxiliary vector: AT_HWCAP2's FSGSBASE bit, Linux 5.9 on CPUs
 * that have the instructions), wrfsbase costs a few nanoseconds; otherwise
 * the kernel sets it (arch_prctl), a system call on every switch between
 * threads with different blocks. The call comes from the platform's own
 * text, which Linux's syscall user dispatch always lets through.
 */
#include <uk/plat_tls.h>
#include "linuxu.h"
#include "syscall.h"

#define LINUX_ARCH_SET_FS 0x1002
#define LINUX_ARCH_GET_FS 0x1003
#define LINUX_AT_NULL 0
#define LINUX_AT_HWCAP2 26
#define LINUX_HWCAP2_FSGSBASE (1L << 1)

static int fsgsbase;

void uk_linuxu_tp_init(const long *auxv)
{
	for (; auxv[0] != LINUX_AT_NULL; auxv += 2)
		if (auxv[0] == LINUX_AT_HWCAP2)
			fsgsbase = (auxv[1] & LINUX_HWCAP2_FSGSBASE) != 0;
}

void uk_plat_tp_set(uintptr_t tp)
{
	if (fsgsbase)
		__asm__ volatile("wrfsbase %0" : : "r"(tp) : "memory");
	else
		(void)linux_syscall2(LINUX_SYS_arch_prctl, LINUX_ARCH_SET_FS, (long)tp);
}

uintptr_t uk_plat_tp(void)
{
	uintptr_t tp = 0;

	if (fsgsbase)
		__asm__ volatile("rdfsbase %0" : "=r"(tp) : : "memory");
	else
		(void)linux_syscall2(LINUX_SYS_arch_prctl, LINUX_ARCH_GET_FS, (long)&tp);
	return tp;
}
