/*
 * The thread pointer (uk/plat_tls.h): the FS base of the image's one host
 * thread, which only the host kernel sets (arch_prctl). The call comes
 * from the platform's own text, which Linux's syscall user dispatch always
 * lets through.
 */
#include <uk/plat_tls.h>
#include "syscall.h"

#define LINUX_ARCH_SET_FS 0x1002
#define LINUX_ARCH_GET_FS 0x1003

void uk_plat_tp_set(uintptr_t tp)
{
	(void)linux_syscall2(LINUX_SYS_arch_prctl, LINUX_ARCH_SET_FS, (long)tp);
}

uintptr_t uk_plat_tp(void)
{
	uintptr_t tp = 0;

	(void)linux_syscall2(LINUX_SYS_arch_prctl, LINUX_ARCH_GET_FS, (long)&tp);
	return tp;
}
