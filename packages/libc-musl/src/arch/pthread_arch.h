/*
 * Where musl finds the calling thread's struct pthread (errno, locale,
 * thread id): this header takes the place of musl's
 * arch/x86_64/pthread_arch.h, which reads it from the FS base. uk's
 * threads are the scheduler's, created without musl, so the FS base says
 * nothing about them; thread_self.c keeps one struct pthread per uk thread
 * instead and this asks it.
 */
#ifndef _UK_MUSL_PTHREAD_ARCH_H
#define _UK_MUSL_PTHREAD_ARCH_H

#include <stdint.h>

uintptr_t __uk_musl_self(void);

static inline uintptr_t __get_tp(void)
{
	return __uk_musl_self();
}

#define MC_PC gregs[REG_RIP]

#endif
