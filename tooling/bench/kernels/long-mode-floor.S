/*
 * The long-mode floor kernel: the least any x86_64 kernel loaded in 32-bit
 * protected mode must do before its first 64-bit instruction -- one 2 MiB
 * identity page, PAE, EFER.LME, paging on, a far jump -- timed with the TSC
 * from the entry point to there. It then times a fixed loop of simple
 * register instructions, which tells whether the CPU runs guest code
 * natively (a few cycles an iteration) or emulates it (thousands).
 * It prints "floor: <entry-to-64-bit cycles> <loop cycles>" on COM1 and
 * exits with code 3 through isa-debug-exit (port 0xf4).
 *
 * `pnpm bench boot` sets hello's entry-to-main time beside this floor. The
 * page tables are initialized data so that nothing needs zeroing first, and
 * everything is in one section so the file loads as one block (multiboot v1
 * with the load-address flag, since the file is ELF64). Build:
 *   as --64 long-mode-floor.S -o f.o && ld -m elf_x86_64 -Ttext=0x100000 f.o -o f.elf
 */
	.equ	LOOP_ITERATIONS, 10000
	.equ	MB_MAGIC, 0x1BADB002
	.equ	MB_FLAGS, 0x10000	/* addresses in the header */

	.code32
	.text
	.globl _start
	.balign 4
header:
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)
	.long	header		/* header_addr */
	.long	header		/* load_addr */
	.long	load_end	/* load_end_addr */
	.long	bss_end		/* bss_end_addr */
	.long	_start		/* entry_addr */

_start:
	rdtsc
	movl	%eax, %edi	/* entry TSC, low half: the delta is small */
	movl	%cr4, %eax
	orl	$(1 << 5), %eax	/* PAE */
	movl	%eax, %cr4
	movl	$pml4, %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx	/* EFER */
	rdmsr
	orl	$(1 << 8), %eax	/* LME */
	wrmsr
	movl	%cr0, %eax
	orl	$((1 << 31) | 1), %eax	/* PG, PE */
	movl	%eax, %cr0
	lgdt	gdt_ptr
	ljmp	$8, $long_mode

	.code64
long_mode:
	leaq	stack_top(%rip), %rsp
	rdtsc
	subl	%edi, %eax
	movl	%eax, %r12d	/* entry to 64-bit, cycles */

	rdtsc
	movl	%eax, %edi
	movl	$LOOP_ITERATIONS, %ecx
	xorl	%edx, %edx
1:	addl	%ecx, %edx
	decl	%ecx
	jnz	1b
	rdtsc
	subl	%edi, %eax
	movl	%eax, %r13d	/* loop, cycles */

	leaq	prefix(%rip), %rsi
	call	puts
	movl	%r12d, %eax
	call	putu
	movb	$' ', %al
	call	putc
	movl	%r13d, %eax
	call	putu
	movb	$'\n', %al
	call	putc
	movl	$3, %eax
	movw	$0xf4, %dx
	outl	%eax, %dx
2:	hlt
	jmp	2b

putc:	/* %al */
	movw	$0x3f8, %dx
	outb	%al, %dx
	ret

puts:	/* %rsi: NUL-terminated */
	lodsb
	testb	%al, %al
	jz	3f
	call	putc
	jmp	puts
3:	ret

putu:	/* %eax, in decimal; digits built backwards on the stack */
	movl	$10, %ecx
	leaq	digits_end(%rip), %rsi
	movb	$0, (%rsi)
4:	xorl	%edx, %edx
	divl	%ecx
	addb	$'0', %dl
	decq	%rsi
	movb	%dl, (%rsi)
	testl	%eax, %eax
	jnz	4b
	jmp	puts

prefix:	.asciz "floor: "

	.balign 4096
pml4:	.quad	pdpt + 3
	.fill	511, 8, 0
pdpt:	.quad	pd + 3
	.fill	511, 8, 0
pd:	.quad	0x83		/* 2 MiB at 0: present, writable, large */
	.fill	511, 8, 0
	.balign 8
gdt:	.quad	0
	.quad	0x00af9a000000ffff	/* 64-bit code */
gdt_ptr:
	.word	15
	.long	gdt
digits:	.fill	11, 1, 0
digits_end:
	.byte	0
	.balign 16
	.fill	64, 1, 0
stack_top:
load_end:
bss_end:
