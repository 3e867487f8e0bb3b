/*
 * Fatal exception report. Every CPU exception is fatal in a unikernel that
 * does no demand paging: print what happened (vector, error code, RIP, RSP,
 * CR2 for page faults, all general registers, a frame-pointer backtrace) on
 * the console, then stop with exit code UK_EXIT_CRASH (uk/exit.h).
 * Runs on the IST1 stack (idt.c), never returns, and checks every frame
 * pointer against the page tables before following it.
 */
#include <uk/plat.h>
#include "cpu.h"
#include "kvm.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* Layout pushed by traps.S (lowest address first) and then by the CPU. */
struct kvm_trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

static const char *const names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range exceeded", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack-segment fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 floating-point", "#AC alignment check", "#MC machine check",
	"#XM SIMD floating-point", "#VE virtualization", "#CP control protection",
	"reserved 22", "reserved 23", "reserved 24", "reserved 25",
	"reserved 26", "reserved 27", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security", "reserved 31",
};

#define BACKTRACE_MAX 16

static int in_trap;

static void put_reg(const char *name, uint64_t v)
{
	char b[19];

	kvm_puts(name);
	kvm_puts(kvm_hex(b, v));
}

static void put_line(const char *n0, uint64_t v0, const char *n1, uint64_t v1,
		     const char *n2, uint64_t v2, const char *n3, uint64_t v3)
{
	put_reg(n0, v0);
	put_reg(n1, v1);
	put_reg(n2, v2);
	if (n3)
		put_reg(n3, v3);
	kvm_puts("\n");
}

static void backtrace(uint64_t fp)
{
	char b[21];

	for (int depth = 0; depth < BACKTRACE_MAX; depth++) {
		uint64_t ret, next;

		if (!fp || (fp & 7) || !kvm_pt_mapped(fp) || !kvm_pt_mapped(fp + 15))
			break;
		next = ((const uint64_t *)(uintptr_t)fp)[0];
		ret = ((const uint64_t *)(uintptr_t)fp)[1];
		if (!ret)
			break;
		kvm_puts("  #");
		kvm_puts(kvm_dec(b, (uint64_t)depth + 1));
		kvm_puts(" ");
		kvm_puts(kvm_hex(b, ret));
		kvm_puts("\n");
		/* Stacks grow down: a caller's frame is always higher. */
		if (next <= fp)
			break;
		fp = next;
	}
}

__attribute__((noreturn)) void uk_kvm_trap(struct kvm_trap_frame *f);

__attribute__((noreturn)) void uk_kvm_trap(struct kvm_trap_frame *f)
{
	char b[21];
	uint64_t cr2 = read_cr2();
	uint64_t v = f->vector;

	if (in_trap) {
		kvm_puts("[uk-kvm] fault while reporting a fault, vector ");
		kvm_puts(kvm_dec(b, v));
		kvm_puts("\n");
		uk_plat_exit(UK_EXIT_CRASH);
	}
	in_trap = 1;

	kvm_puts("\n[uk-kvm] FATAL EXCEPTION: ");
	kvm_puts(v < 32 ? names[v] : "?");
	kvm_puts(" (vector ");
	kvm_puts(kvm_dec(b, v));
	kvm_puts(") error ");
	kvm_puts(kvm_hex(b, f->error));
	kvm_puts("\n");
	put_line("  rip ", f->rip, " rsp ", f->rsp, " rflags ", f->rflags, 0, 0);
	if (v == 14) {
		put_reg("  cr2 ", cr2);
		kvm_puts(f->error & 1 ? " (protection" : " (not present");
		kvm_puts(f->error & 2 ? ", write" : ", read");
		kvm_puts(f->error & 16 ? ", instruction fetch)\n" : ")\n");
		if (cr2 >= (uintptr_t)uk_kvm_stack_guard &&
		    cr2 < (uintptr_t)uk_kvm_stack_guard + KVM_PAGE_SIZE)
			kvm_puts("  boot stack overflow (fault in the guard page)\n");
		else if (kvm_pt_is_guard(cr2))
			kvm_puts("  stack overflow (fault in a thread stack's guard page)\n");
		else if (cr2 < KVM_PAGE_SIZE)
			kvm_puts("  null pointer dereference\n");
	}
	put_line("  rax ", f->rax, " rbx ", f->rbx, " rcx ", f->rcx, " rdx ", f->rdx);
	put_line("  rsi ", f->rsi, " rdi ", f->rdi, " rbp ", f->rbp, " r8  ", f->r8);
	put_line("  r9  ", f->r9, " r10 ", f->r10, " r11 ", f->r11, " r12 ", f->r12);
	put_line("  r13 ", f->r13, " r14 ", f->r14, " r15 ", f->r15, 0, 0);
	kvm_puts("  backtrace:\n  #0 ");
	kvm_puts(kvm_hex(b, f->rip));
	kvm_puts("\n");
	backtrace(f->rbp);
	kvm_puts("[uk-kvm] halting with exit code " STR(UK_EXIT_CRASH) "\n");
	uk_plat_exit(UK_EXIT_CRASH);
}
