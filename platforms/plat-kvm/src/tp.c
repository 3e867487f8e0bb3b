/*
 * The thread pointer (uk/plat_tls.h): the FS base, which uk runs in ring 0
 * and so sets through the FS_BASE MSR. The "memory" clobber keeps the
 * compiler from moving a thread-local access across the switch.
 */
#include <uk/plat_tls.h>

#define MSR_FS_BASE 0xc0000100

void uk_plat_tp_set(uintptr_t tp)
{
	__asm__ volatile("wrmsr" : : "c"(MSR_FS_BASE), "a"((uint32_t)tp), "d"((uint32_t)(tp >> 32)) : "memory");
}

uintptr_t uk_plat_tp(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_FS_BASE) : "memory");
	return (uintptr_t)hi << 32 | lo;
}
