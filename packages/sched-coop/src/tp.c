/*
 * The thread pointer of each thread (x86_64: the FS base), for code
 * compiled for Linux whose C library keeps its TLS there. The scheduler
 * loads it only when the next thread's differs from the last one's, so
 * images whose threads never set one never pay for it. On kvm it is the
 * FS_BASE MSR (ring 0); on linuxu the image is a Linux process and asks
 * the host kernel (arch_prctl), from uk's own text, which Linux's syscall
 * user dispatch always lets through.
 *
 * Such a thread is code compiled for Linux, which may keep SSE values in
 * registers across a system call (the kernel preserves them); when its
 * call blocks and another thread of the same kind runs, they would be
 * lost, so a switch away from it saves them (FXSAVE) and the switch back
 * restores them. uk's own threads do not pay for it.
 */
#include <uk/config.h>
#include "coop.h"

#ifdef CONFIG_HAVE_UK_PLAT_KVM
#define MSR_FS_BASE 0xc0000100

void coop_tp_load(uintptr_t tp)
{
	__asm__ volatile("wrmsr" : : "c"(MSR_FS_BASE), "a"((uint32_t)tp), "d"((uint32_t)(tp >> 32)) : "memory");
}
#else
#define LINUX_ARCH_PRCTL 158
#define LINUX_ARCH_SET_FS 0x1002

void coop_tp_load(uintptr_t tp)
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"((long)LINUX_ARCH_PRCTL), "D"((long)LINUX_ARCH_SET_FS), "S"(tp)
			 : "rcx", "r11", "memory");
	(void)r;
}
#endif

void uk_thread_tp_set(uintptr_t tp)
{
	coop_current->tp = tp;
	coop_tp_load(tp);
}

uintptr_t uk_thread_tp(void)
{
	return coop_current->tp;
}

void coop_fpu_save(struct uk_thread *t)
{
	__asm__ volatile("fxsave64 %0" : "=m"(t->fpu));
}

void coop_fpu_restore(struct uk_thread *t)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(t->fpu));
}
