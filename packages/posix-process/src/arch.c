/*
 * arch_prctl: the FS and GS bases, where a program's C library keeps its
 * thread pointer (TLS). On kvm they are the CPU's MSRs, which uk's own
 * code never uses, so the program's value stays in place across system
 * calls and interrupts; with the threads feature each thread's FS base
 * is its own (@uk/sched's thread pointer). On linuxu the image is a Linux process: the host
 * kernel sets them.
 */
#include <errno.h>
#include <uk/config.h>
#include <uk/syscall.h>
#ifdef CONFIG_UK_POSIX_PROCESS_THREADS
#include <uk/sched.h>
#endif

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

#ifdef CONFIG_HAVE_UK_PLAT_KVM
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101

static unsigned long rdmsr(unsigned int msr)
{
	unsigned int lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (unsigned long)hi << 32 | lo;
}

static void wrmsr(unsigned int msr, unsigned long v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((unsigned int)v), "d"((unsigned int)(v >> 32)) : "memory");
}

UK_LLSYSCALL_R_DEFINE2(int, arch_prctl, int, code, unsigned long, addr)
{
	switch (code) {
	case ARCH_SET_FS:
#ifdef CONFIG_UK_POSIX_PROCESS_THREADS
		uk_thread_tp_set(addr); /* kept per thread, loaded at every switch to it */
#else
		wrmsr(MSR_FS_BASE, addr);
#endif
		return 0;
	case ARCH_SET_GS:
		wrmsr(MSR_GS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		*(unsigned long *)addr = rdmsr(MSR_FS_BASE);
		return 0;
	case ARCH_GET_GS:
		*(unsigned long *)addr = rdmsr(MSR_GS_BASE);
		return 0;
	default:
		return -EINVAL;
	}
}
#else
UK_LLSYSCALL_R_DEFINE2(int, arch_prctl, int, code, unsigned long, addr)
{
	long ret;

#ifdef CONFIG_UK_POSIX_PROCESS_THREADS
	if (code == ARCH_SET_FS) {
		uk_thread_tp_set(addr); /* the scheduler asks the host, now and at every switch to this thread */
		return 0;
	}
#endif

	__asm__ volatile("syscall" : "=a"(ret) : "a"((long)UK_SYS_arch_prctl), "D"((long)code), "S"(addr) : "rcx", "r11", "memory");
	return (int)ret;
}
#endif
