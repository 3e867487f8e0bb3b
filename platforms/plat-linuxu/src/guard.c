/*
 * Guard pages on linuxu: mprotect(PROT_NONE) on a page of the heap mapping.
 * A SIGSEGV handler on its own signal stack (the faulting thread's stack is
 * exactly what overflowed) tells an access to a protected page -- which in
 * a linuxu image can only be a guard page -- from any other bad access, and
 * reports it as a stack overflow instead of a bare "Segmentation fault".
 * Any other fault gets the kvm platform's report: the address, the
 * registers and a frame-pointer backtrace, then exit code 125 (as on kvm).
 * The handler is installed at start (uk_linuxu_fault_init).
 */
#include <uk/exit.h>
#include <uk/plat.h>
#include "linuxu.h"
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

/* x86_64 Linux's ucontext: flags, link, stack_t (24 bytes), then the general registers. */
#define UC_GREGS 40
enum { R8, R9, R10, R11, R12, R13, R14, R15, RDI, RSI, RBP, RBX, RDX, RAX, RCX, RSP, RIP };
#define BACKTRACE_MAX 16
#define STR_(x) #x
#define STR(x) STR_(x)
/* How far above the faulting stack pointer a frame may lie (larger stacks are not followed). */
#define STACK_SPAN (8UL << 20)

static char altstack[8192] __attribute__((aligned(16)));
static int installed;
static volatile int in_fault;

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

/* The registers a crash report shows, in its order; a label starting with a newline starts a row. */
static const struct {
	const char *label;
	int reg;
} dump[] = {
	{ "  rip ", RIP }, { " rsp ", RSP }, { " rbp ", RBP },
	{ "\n  rax ", RAX }, { " rbx ", RBX }, { " rcx ", RCX }, { " rdx ", RDX },
	{ "\n  rsi ", RSI }, { " rdi ", RDI }, { " r8  ", R8 }, { " r9  ", R9 },
	{ "\n  r10 ", R10 }, { " r11 ", R11 }, { " r12 ", R12 }, { " r13 ", R13 },
	{ "\n  r14 ", R14 }, { " r15 ", R15 },
};

static void put_reg(const char *name, uint64_t v)
{
	put(name);
	put_hex(v);
}

/*
 * Frame pointers from rbp, each frame higher on the same stack than the
 * last: a bad one can only fault again, which the handler turns into an
 * exit without a second report.
 */
static void backtrace(uint64_t fp, uint64_t sp)
{
	for (int depth = 1; depth <= BACKTRACE_MAX; depth++) {
		if (!fp || (fp & 7) || fp < sp || fp - sp > STACK_SPAN)
			break;
		uint64_t next = ((const uint64_t *)(uintptr_t)fp)[0];
		uint64_t ret = ((const uint64_t *)(uintptr_t)fp)[1];
		if (!ret)
			break;
		put("  #");
		char d[3] = { (char)('0' + depth / 10), (char)('0' + depth % 10), 0 };
		put(depth < 10 ? d + 1 : d);
		put(" ");
		put_hex(ret);
		put("\n");
		if (next <= fp)
			break;
		fp = next;
	}
}

static void on_segv(int sig, void *info_, void *ctx)
{
	const struct linux_siginfo *info = info_;
	const uint64_t *g = (const uint64_t *)((const char *)ctx + UC_GREGS);

	(void)sig;
	if (in_fault) {
		put("\n[uk-linuxu] fault while reporting a fault\n");
		uk_plat_exit(UK_EXIT_CRASH);
	}
	in_fault = 1;
	if (info->code == SEGV_ACCERR && installed > 1) {
		put("\n[uk-linuxu] stack overflow: access to guard page at ");
		put_hex((uintptr_t)info->addr);
		put("\n");
		uk_plat_exit(UK_EXIT_CRASH);
	}
	put("\n[uk-linuxu] segmentation fault at ");
	put_hex((uintptr_t)info->addr);
	put((uintptr_t)info->addr < 4096 ? " (null pointer dereference)\n" : "\n");
	for (unsigned int i = 0; i < sizeof(dump) / sizeof(dump[0]); i++)
		put_reg(dump[i].label, g[dump[i].reg]);
	put("\n  backtrace:\n  #0 ");
	put_hex(g[RIP]);
	put("\n");
	backtrace(g[RBP], g[RSP]);
	put("[uk-linuxu] halting with exit code " STR(UK_EXIT_CRASH) "\n");
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

void uk_linuxu_fault_init(void)
{
	install();
}

int uk_plat_page_guard(void *page, int guard)
{
	if (!installed)
		install();
	/* From now on a protected page may be a guard page. */
	installed = 2;
	long r = linux_syscall3(LINUX_SYS_mprotect, (long)page, 4096,
				guard ? PROT_NONE : PROT_READ | PROT_WRITE);
	return r == 0 ? 0 : -1;
}
