/*
 * What musl's start-up (__libc_start_main, __init_tls) does for a Linux
 * process, done for the image before anything else runs: uk calls main
 * itself and has no auxiliary vector. musl keeps per-thread state (errno,
 * the locale) in a struct pthread that its thread pointer, the FS base,
 * points at; the image's one thread gets a static one, set through the
 * arch_prctl system call (@uk/posix-process: the FS MSR on kvm, the host
 * on linuxu; uk's own code never uses FS). The page size and an empty
 * auxiliary vector answer sysconf and getauxval.
 */
#include <stddef.h>
#include <uk/init.h>

#include "libc.h"
#include "pthread_impl.h"
#include "syscall.h"

#define ARCH_SET_FS 0x1002

/* getauxval finds nothing here: AT_NULL first. */
static size_t no_auxv[2];

/* The main thread's descriptor; musl's TLS would lie below it, and there is none. */
static struct pthread main_thread __attribute__((aligned(64)));

static int musl_start(void)
{
	pthread_t td = &main_thread;

	libc.auxv = no_auxv;
	libc.page_size = 4096;
	libc.secure = 0;
	td->self = td;
	td->detach_state = DT_JOINABLE;
	td->tid = 1;
	td->locale = &libc.global_locale;
	td->robust_list.head = &td->robust_list.head;
	td->next = td->prev = td;
	if (__syscall(SYS_arch_prctl, ARCH_SET_FS, (long)td) < 0)
		return -ENOSYS;
	return 0;
}

/* First of all: any library's init may set errno, which lives in main_thread. */
UK_INIT(musl_start, UK_INIT_EARLY, UK_INIT_PRIO_FIRST);
