/*
 * The binary-compatibility trap on linuxu: Linux's syscall user dispatch.
 * The image is a host process, so a `syscall` instruction would reach the
 * host kernel; with PR_SET_SYSCALL_USER_DISPATCH the kernel lets through
 * only those issued from uk's own image (its text is where every host call
 * of uk is made) and turns any other -- an unmodified executable's -- into
 * a SIGSYS whose handler serves it with uk_syscall_r(), so the host never
 * sees the application's calls.
 *
 * The handler copies the caller's registers into a struct uk_syscall_regs
 * (published as uk_syscall_trap_frame while it runs, for clone), writes
 * the result into the saved rax, and rt_sigreturn resumes the program
 * after its instruction. SA_NODEFER keeps SIGSYS deliverable while a
 * handler is blocked in a call (futex) and another thread of the program
 * runs and makes calls of its own; each returns through its own frame.
 * The signal frame also saves and restores the program's SSE state.
 */
#include <uk/config.h>
#include <uk/init.h>
#include <uk/syscall.h>

#ifdef CONFIG_HAVE_UK_PLAT_LINUXU

#define LINUX_SYS_rt_sigaction 13
#define LINUX_SYS_rt_sigreturn 15
#define LINUX_SYS_write 1
#define LINUX_SYS_prctl 157
#define LINUX_SIGSYS 31
#define SA_SIGINFO 4UL
#define SA_RESTORER 0x04000000UL
#define SA_NODEFER 0x40000000UL
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_ON 1

/* Indexes into the saved general registers (the kernel's struct sigcontext order). */
enum { R8, R9, R10, R11, R12, R13, R14, R15, RDI, RSI, RBP, RBX, RDX, RAX, RCX, RSP, RIP, EFL };

/* The start of the kernel's ucontext: flags, link, the signal stack, then the registers. */
struct linux_ucontext {
	unsigned long flags;
	void *link;
	void *ss_sp;
	int ss_flags;
	unsigned long ss_size;
	unsigned long gregs[23];
};

struct linux_sigaction {
	void (*handler)(int, void *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

extern struct uk_syscall_regs *uk_syscall_trap_frame;
/* Bounds of the loaded image, from the platform's linker script. */
extern char __uk_image_start[], __uk_image_end[];

void uk_syscall_sigreturn(void);
__asm__(".pushsection .text.uk_syscall_sigreturn, \"ax\"\n"
	".globl uk_syscall_sigreturn\n"
	"uk_syscall_sigreturn:\n"
	"\tmov $15, %eax\n"           /* rt_sigreturn */
	"\tsyscall\n"
	"\tud2\n"
	".popsection\n");

static long host4(long nr, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
	return r;
}

static long host6(long nr, long a, long b, long c, long d, long e)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
	return r;
}

static void on_sigsys(int sig, void *info, void *ctx)
{
	unsigned long *g = ((struct linux_ucontext *)ctx)->gregs;
	struct uk_syscall_regs regs = {
		.r15 = g[R15], .r14 = g[R14], .r13 = g[R13], .r12 = g[R12],
		.r11 = g[R11], .r10 = g[R10], .r9 = g[R9], .r8 = g[R8],
		.rbp = g[RBP], .rdi = g[RDI], .rsi = g[RSI], .rdx = g[RDX],
		.rcx = g[RCX], .rbx = g[RBX], .rax = g[RAX],
		.rflags = g[EFL], .rip = g[RIP],
	};
	long r;

	(void)sig;
	(void)info;
	uk_syscall_trap_frame = &regs;
	r = uk_syscall_r((long)g[RAX], (long)g[RDI], (long)g[RSI], (long)g[RDX], (long)g[R10], (long)g[R8], (long)g[R9]);
	uk_syscall_trap_frame = 0;
	g[RAX] = (unsigned long)r;
}

static int user_dispatch_init(void)
{
	static const char failed[] = "[uk-syscall] the host refused syscall user dispatch (Linux 5.11 or later needed): a program's system calls would reach the host\n";
	struct linux_sigaction sa = { on_sigsys, SA_SIGINFO | SA_RESTORER | SA_NODEFER, uk_syscall_sigreturn, 0 };

	if (host4(LINUX_SYS_rt_sigaction, LINUX_SIGSYS, (long)&sa, 0, 8) != 0 ||
	    host6(LINUX_SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, (long)__uk_image_start,
		  (long)(__uk_image_end - __uk_image_start), 0) != 0) {
		host4(LINUX_SYS_write, 2, (long)failed, sizeof(failed) - 1, 0);
		return -1;
	}
	return 0;
}

UK_INIT(user_dispatch_init, UK_INIT_LIB, UK_INIT_PRIO_DEFAULT);

#endif
