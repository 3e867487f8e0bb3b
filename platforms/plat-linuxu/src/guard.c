/*
 * Guard pages on linuxu: mprotect(PROT_NONE) on a page of the heap mapping.
 * A SIGSEGV handler on its own signal stack (the faulting thread's stack is
 * exactly what overflowed) tells an access to a protected page -- which in
 * a linuxu image can only be a guard page -- from any other bad access, and
 * reports it as a stack overflow instead of a bare "Segmentation fault".
 * The handler is installed with the first guard page, so images that never
 * ask for one keep the host's default behaviour.
 */
#include <uk/exit.h>
#include <uk/plat.h>
#include "syscall.h"

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define SIGSEGV 11
#define SA_ONSTACK 0x08000000
#define SA_SIGINFO 4
#define SA_RESTORER 0x04000000
#define SEGV_ACCERR 2

struct linux_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

struct linux_stack {
	void *sp;
	int flags;
	unsigned long size;
};

struct linux_siginfo {
	int signo, err, code, pad;
	void *addr;
};

static char altstack[8192] __attribute__((aligned(16)));
static int installed;

static void put(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

static void put_hex(uint64_t v)
{
	char b[18] = "0x";
	for (int i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
	uk_plat_console_write(b, 18);
}

static void on_segv(int sig, void *info_, void *ctx)
{
	const struct linux_siginfo *info = info_;

	(void)sig;
	(void)ctx;
	if (info->code == SEGV_ACCERR) {
		put("\n[uk-linuxu] stack overflow: access to guard page at ");
		put_hex((uintptr_t)info->addr);
	} else {
		put("\n[uk-linuxu] segmentation fault at ");
		put_hex((uintptr_t)info->addr);
	}
	put("\n");
	uk_plat_exit(UK_EXIT_CRASH);
}

static void never_returns(void)
{
	uk_plat_exit(UK_EXIT_CRASH);
}

static void install(void)
{
	struct linux_stack ss = { altstack, 0, sizeof(altstack) };
	/*
	 * x86_64 Linux refuses to deliver a signal without SA_RESTORER; the
	 * handler never returns, so the restorer is a halt that never runs.
	 */
	struct linux_sigaction sa = { on_segv, SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
				      never_returns, 0 };

	linux_syscall2(LINUX_SYS_sigaltstack, (long)&ss, 0);
	linux_syscall4(LINUX_SYS_rt_sigaction, SIGSEGV, (long)&sa, 0, 8);
	installed = 1;
}

int uk_plat_page_guard(void *page, int guard)
{
	if (!installed)
		install();
	long r = linux_syscall3(LINUX_SYS_mprotect, (long)page, 4096,
				guard ? PROT_NONE : PROT_READ | PROT_WRITE);
	return r == 0 ? 0 : -1;
}
