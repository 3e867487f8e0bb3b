/*
 * The binary-compatibility trap on kvm: the `syscall` instruction of code
 * compiled for Linux (an unmodified executable, or a libc that issues it)
 * enters uk_syscall_r() as a function call. Everything runs in ring 0, so
 * SYSCALL only saves the return address (rcx) and flags (r11), masks the
 * flags in FMASK and jumps to LSTAR; there is no stack switch and no
 * SYSRET (which always returns to ring 3): the entry steps over the
 * caller's red zone and calls the dispatcher on a 16-byte-aligned stack,
 * then restores what Linux preserves (all but rax, rcx, r11) and the flags
 * and jumps back without writing below the caller's stack pointer.
 * Ordinary calls save only the registers the C dispatcher may clobber (the
 * callee-saved ones it keeps itself). clone and clone3 continue the caller
 * in a new thread, so for them every register is saved as a struct
 * uk_syscall_regs, published as uk_syscall_trap_frame while the handler
 * runs: every other call, the path a program takes all the time, is spared
 * half the stores and loads of the full frame. The FS base (the program's
 * TLS) is never touched: uk's own code does not use FS. The XMM and x87
 * registers are left alone because uk's libraries are compiled without SSE
 * on kvm.
 *
 * Set up by an init entry at the library level. On linuxu the same calls
 * arrive through Linux's syscall user dispatch (user_dispatch.c).
 */
#include <uk/config.h>
#include <uk/init.h>
#include <uk/syscall.h>

extern struct uk_syscall_regs *uk_syscall_trap_frame;

#ifdef CONFIG_HAVE_UK_PLAT_KVM

#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define EFER_SCE 1ULL
#define KERNEL_CS 0x08ULL /* plat-kvm's GDT: code 0x08, data 0x10 = CS + 8 */
/* Cleared on entry: TF, IF, DF, NT, AC (the C code expects DF clear). */
#define ENTRY_FLAGS_MASK 0x47700ULL

/* The calls that need the whole frame (they continue the caller in a new thread). */
#define SYS_CLONE 56
#define SYS_CLONE3 435
_Static_assert(UK_SYS_clone == SYS_CLONE && UK_SYS_clone3 == SYS_CLONE3, "clone's numbers");
#define UK_STR_(x) #x
#define UK_STR(x) UK_STR_(x)

void uk_syscall_trap_entry(void);

__asm__(".pushsection .text.uk_syscall_trap_entry, \"ax\"\n"
	".globl uk_syscall_trap_entry\n"
	".type uk_syscall_trap_entry, @function\n"
	"uk_syscall_trap_entry:\n"
	"\tsub $128, %rsp\n"          /* the caller's red zone */
	"\tcmp $" UK_STR(SYS_CLONE) ", %rax\n"
	"\tje 1f\n"
	"\tcmp $" UK_STR(SYS_CLONE3) ", %rax\n"
	"\tje 1f\n"
	/* ordinary call: what the C code may clobber and Linux preserves */
	"\tpush %rcx\n"               /* return address */
	"\tpush %r11\n"               /* caller's flags */
	"\tpush %rdi\n"
	"\tpush %rsi\n"
	"\tpush %rdx\n"
	"\tpush %r8\n"
	"\tpush %r9\n"
	"\tpush %r10\n"
	"\tpush %rbx\n"
	"\tmov %rsp, %rbx\n"
	"\tand $-16, %rsp\n"
	"\tsub $8, %rsp\n"            /* with the push below: 16-aligned at the call */
	"\tpush %r9\n"                /* a6 */
	"\tmov %r8, %r9\n"            /* a5 */
	"\tmov %r10, %r8\n"           /* a4 */
	"\tmov %rdx, %rcx\n"          /* a3 */
	"\tmov %rsi, %rdx\n"          /* a2 */
	"\tmov %rdi, %rsi\n"          /* a1 */
	"\tmov %rax, %rdi\n"          /* nr */
	"\tcall uk_syscall_r\n"
	"\tmov %rbx, %rsp\n"
	"\tpop %rbx\n"
	"\tpop %r10\n"
	"\tpop %r9\n"
	"\tpop %r8\n"
	"\tpop %rdx\n"
	"\tpop %rsi\n"
	"\tpop %rdi\n"
	"\tmov (%rsp), %r11\n"        /* r11 holds the flags, as Linux leaves it */
	"\tpopfq\n"                   /* the caller's flags */
	"\tpop %rcx\n"                /* return address */
	"\tlea 128(%rsp), %rsp\n"     /* flags untouched, red zone untouched */
	"\tjmp *%rcx\n"
	/* clone, clone3: the whole frame (struct uk_syscall_regs), top down */
	"1:\n"
	"\tpush %rcx\n"               /* rip */
	"\tpush %r11\n"               /* rflags */
	"\tpush %rax\n"
	"\tpush %rbx\n"
	"\tpush %rcx\n"
	"\tpush %rdx\n"
	"\tpush %rsi\n"
	"\tpush %rdi\n"
	"\tpush %rbp\n"
	"\tpush %r8\n"
	"\tpush %r9\n"
	"\tpush %r10\n"
	"\tpush %r11\n"
	"\tpush %r12\n"
	"\tpush %r13\n"
	"\tpush %r14\n"
	"\tpush %r15\n"
	"\tmov %rsp, uk_syscall_trap_frame(%rip)\n"
	"\tmov %rsp, %rbx\n"
	"\tand $-16, %rsp\n"
	"\tsub $8, %rsp\n"            /* with the push below: 16-aligned at the call */
	"\tpush %r9\n"                /* a6 */
	"\tmov %r8, %r9\n"            /* a5 */
	"\tmov %r10, %r8\n"           /* a4 */
	"\tmov %rdx, %rcx\n"          /* a3 */
	"\tmov %rsi, %rdx\n"          /* a2 */
	"\tmov %rdi, %rsi\n"          /* a1 */
	"\tmov %rax, %rdi\n"          /* nr */
	"\tcall uk_syscall_r\n"
	"\tmovq $0, uk_syscall_trap_frame(%rip)\n"
	"\tlea 32(%rbx), %rsp\n"      /* r15..r12: callee-saved, still in place */
	"\tpop %r11\n"
	"\tpop %r10\n"
	"\tpop %r9\n"
	"\tpop %r8\n"
	"\tpop %rbp\n"
	"\tpop %rdi\n"
	"\tpop %rsi\n"
	"\tpop %rdx\n"
	"\tpop %rcx\n"
	"\tpop %rbx\n"
	"\tlea 8(%rsp), %rsp\n"       /* rax: the result stays */
	"\tpopfq\n"                   /* the caller's flags, from its r11 */
	"\tpop %rcx\n"                /* return address */
	"\tlea 128(%rsp), %rsp\n"     /* flags untouched, red zone untouched */
	"\tjmp *%rcx\n"
	".size uk_syscall_trap_entry, . - uk_syscall_trap_entry\n"
	".popsection\n");

static inline unsigned long long rdmsr(unsigned int msr)
{
	unsigned int lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (unsigned long long)hi << 32 | lo;
}

static inline void wrmsr(unsigned int msr, unsigned long long v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((unsigned int)v), "d"((unsigned int)(v >> 32)) : "memory");
}

static int trap_init(void)
{
	wrmsr(MSR_STAR, KERNEL_CS << 32);
	wrmsr(MSR_LSTAR, (unsigned long long)(unsigned long)uk_syscall_trap_entry);
	wrmsr(MSR_FMASK, ENTRY_FLAGS_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	return 0;
}

UK_INIT(trap_init, UK_INIT_LIB, UK_INIT_PRIO_DEFAULT);

#endif
