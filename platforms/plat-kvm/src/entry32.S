/*
 * Image entry point, for both boot protocols (multiboot v1 and PVH). The
 * loader jumps here in 32-bit protected mode, paging off, with the boot
 * information pointer in %ebx (and, for multiboot, 0x2BADB002 in %eax).
 *
 * This code reads the TSC first (boot-time measurements start here), builds
 * a temporary identity map of the first GiB with 2 MiB pages, switches to
 * long mode, enables SSE (the C code is compiled with it), and calls C.
 * It uses no SSE/x87 instruction and no stack until long mode: some
 * hypervisors emulate this stretch instruction by instruction.
 */
#define CR0_PE  (1 << 0)
#define CR0_MP  (1 << 1)
#define CR0_EM  (1 << 2)
#define CR0_TS  (1 << 3)
#define CR0_NE  (1 << 5)
#define CR0_WP  (1 << 16)
#define CR0_PG  (1 << 31)
#define CR4_PAE        (1 << 5)
#define CR4_OSFXSR     (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define PTE_P  0x1
#define PTE_RW 0x2
#define PTE_PS 0x80

#define SEL_CODE64 0x08
#define SEL_DATA   0x10

	.code32
	.section .text.boot, "ax"
	.globl _uk_kvm_start32
	.type _uk_kvm_start32, @function
_uk_kvm_start32:
	/* Keep %eax (multiboot magic) and %ebx (boot info) out of rdtsc's way. */
	movl	%eax, %ebp
	rdtsc
	movl	%eax, uk_kvm_entry_tsc
	movl	%edx, uk_kvm_entry_tsc + 4
	movl	%ebx, %esi
	cli
	cld

	/*
	 * Zero .bss ourselves. Loaders are meant to, but with PVH on -machine
	 * pc QEMU writes the image before SeaBIOS runs, and with little RAM
	 * SeaBIOS's own data at the top of RAM lands in our .bss. The stacks
	 * at the end need no zeroing: stopping before them more than halves
	 * the stores.
	 */
	movl	$__uk_bss_start, %edi
	movl	$uk_kvm_stack_guard, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	/*
	 * Boot identity map: PML4[0] -> PDPT[0] -> PD0, with 2 MiB pages from 0
	 * to at least 2 MiB past the image end. That covers the image, the low
	 * memory where loaders put boot data, and what QEMU's multiboot loader
	 * places right after the image; anything farther is mapped on demand
	 * from C (kvm_pt_ensure). Kept short because on some hypervisors every
	 * instruction here is emulated. The tables are in .bss, zeroed
	 * above.
	 */
	movl	$uk_kvm_pdpt + (PTE_P | PTE_RW), uk_kvm_pml4
	movl	$uk_kvm_pd0 + (PTE_P | PTE_RW), uk_kvm_pdpt
	movl	$(PTE_P | PTE_RW | PTE_PS), %eax
	xorl	%ecx, %ecx
1:	movl	%eax, uk_kvm_pd0(, %ecx, 8)
	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$__uk_boot_map_chunks, %ecx
	jb	1b

	/* No-execute is optional on paper: only use it when CPUID says so. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	2f
	movl	$0x80000001, %eax
	cpuid
	btl	$20, %edx
	jnc	2f
	movl	$0x80000000, uk_kvm_nx_mask + 4
2:
	lgdt	uk_kvm_gdt_ptr

	movl	%cr4, %eax
	orl	$(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl	%eax, %cr4

	movl	$uk_kvm_pml4, %eax
	movl	%eax, %cr3

	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	cmpl	$0, uk_kvm_nx_mask + 4
	je	3f
	orl	$EFER_NXE, %eax
3:	wrmsr

	/*
	 * Paging on (long mode becomes active), WP so that read-only pages bind
	 * ring 0 too, and the FPU/SSE configured for native use: EM=0, MP=1.
	 */
	movl	%cr0, %eax
	andl	$~(CR0_EM | CR0_TS), %eax
	orl	$(CR0_PE | CR0_MP | CR0_NE | CR0_WP | CR0_PG), %eax
	movl	%eax, %cr0

	ljmp	$SEL_CODE64, $start64

	.code64
start64:
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movq	$uk_kvm_stack_top, %rsp

	/* Upper halves of registers are undefined after the mode switch. */
	movl	%ebp, %edi
	movl	%esi, %esi
	xorl	%ebp, %ebp	/* ends the frame-pointer chain for backtraces */
	call	uk_kvm_boot
4:	hlt
	jmp	4b
	.size _uk_kvm_start32, . - _uk_kvm_start32

/*
 * GDT: null, 64-bit code, flat data, and a 16-byte TSS descriptor that
 * idt.c fills in. Writable because ltr sets the TSS busy bit in place; the
 * accessed bits are preset so loading segments never writes to it.
 */
	.section .data.uk_kvm_gdt, "aw"
	.balign 16
	.globl uk_kvm_gdt
uk_kvm_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x08: code, L=1, DPL 0 */
	.quad	0x00cf93000000ffff	/* 0x10: data, flat */
	.quad	0, 0			/* 0x18: TSS */
uk_kvm_gdt_end:
	.balign 8
	.word	0
uk_kvm_gdt_ptr:
	.word	uk_kvm_gdt_end - uk_kvm_gdt - 1
	.quad	uk_kvm_gdt

	/* In .data, not .bss: nothing may clear it after the entry stored it. */
	.section .data.uk_kvm_entry_tsc, "aw"
	.balign 8
	.globl uk_kvm_entry_tsc, uk_kvm_nx_mask
uk_kvm_entry_tsc:
	.quad	0
uk_kvm_nx_mask:
	.quad	0

/*
 * Boot page tables and stacks. One section so the layout is fixed:
 * an unmapped guard page, then the 16 KiB boot stack (an overflow hits the
 * guard and faults), then a 4 KiB stack for exception handlers (IST1), so
 * that a stack overflow is still reported instead of triple faulting.
 */
	.section .uk_kvm_boot_bss, "aw", @nobits
	.balign 4096
	.globl uk_kvm_pml4, uk_kvm_pdpt, uk_kvm_pd0
	.globl uk_kvm_stack_guard, uk_kvm_stack_top, uk_kvm_ist_top
uk_kvm_pml4:
	.skip	4096
uk_kvm_pdpt:
	.skip	4096
uk_kvm_pd0:
	.skip	4096
uk_kvm_stack_guard:
	.skip	4096
	.skip	16384
uk_kvm_stack_top:
	.skip	4096
uk_kvm_ist_top:

/* No executable stack needed. */
	.section .note.GNU-stack, "", @progbits
