/*
 * The saved registers of a trapped system call, and the way back into code
 * compiled for Linux from anywhere (a new thread made by clone starts
 * there). The trap entry (src/trap) records its frame in
 * uk_syscall_trap_frame while the handler runs; without the trap it stays
 * NULL, so handlers that need the caller's registers refuse cleanly.
 */
#include <stddef.h>
#include <uk/syscall.h>

struct uk_syscall_regs *uk_syscall_trap_frame;

const struct uk_syscall_regs *uk_syscall_trap_regs(void)
{
	return uk_syscall_trap_frame;
}

/*
 * rdi = r, rsi = sp. The return address and flags go on the new stack
 * just below sp (a fresh stack: nothing lives there yet), then every
 * register is loaded from r, rdi last, and popfq/ret land at r->rip with
 * rsp = sp.
 */
__asm__(".pushsection .text.uk_syscall_trap_resume, \"ax\"\n"
	".globl uk_syscall_trap_resume\n"
	".type uk_syscall_trap_resume, @function\n"
	"uk_syscall_trap_resume:\n"
	"\tmov %rsi, %rsp\n"
	"\tpushq 128(%rdi)\n"         /* rip */
	"\tpushq 120(%rdi)\n"         /* rflags */
	"\tmov 0(%rdi), %r15\n"
	"\tmov 8(%rdi), %r14\n"
	"\tmov 16(%rdi), %r13\n"
	"\tmov 24(%rdi), %r12\n"
	"\tmov 32(%rdi), %r11\n"
	"\tmov 40(%rdi), %r10\n"
	"\tmov 48(%rdi), %r9\n"
	"\tmov 56(%rdi), %r8\n"
	"\tmov 64(%rdi), %rbp\n"
	"\tmov 80(%rdi), %rsi\n"
	"\tmov 88(%rdi), %rdx\n"
	"\tmov 96(%rdi), %rcx\n"
	"\tmov 104(%rdi), %rbx\n"
	"\tmov 112(%rdi), %rax\n"
	"\tmov 72(%rdi), %rdi\n"
	"\tpopfq\n"
	"\tret\n"
	".size uk_syscall_trap_resume, . - uk_syscall_trap_resume\n"
	".popsection\n");

_Static_assert(offsetof(struct uk_syscall_regs, rdi) == 72, "resume's offsets");
_Static_assert(offsetof(struct uk_syscall_regs, rax) == 112, "resume's offsets");
_Static_assert(offsetof(struct uk_syscall_regs, rip) == 128, "resume's offsets");
