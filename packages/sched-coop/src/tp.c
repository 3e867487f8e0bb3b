/*
 * The thread pointer of each thread (x86_64: the FS base, which the
 * platform loads: uk/plat_tls.h). A thread starts with its own block of
 * the image's __thread variables (thread.c), or none when the image has
 * none; code compiled for Linux (an unmodified program's C library) sets
 * its own in its place. The scheduler loads it only when the next
 * thread's differs from the last one's, so images without thread-local
 * variables whose threads never set one never pay for it.
 *
 * A thread that sets its own runs code compiled for Linux, which may keep SSE values in
 * registers across a system call (the kernel preserves them); when its
 * call blocks and another thread of the same kind runs, they would be
 * lost, so a switch away from it saves them (FXSAVE) and the switch back
 * restores them. uk's own threads do not pay for it.
 */
#include "coop.h"

void uk_thread_tp_set(uintptr_t tp)
{
	coop_current->tp = tp;
	coop_current->linux_code = 1;
	uk_plat_tp_set(tp);
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
