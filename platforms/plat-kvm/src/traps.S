/*
 * Exception entry stubs for vectors 0..31. Each stub makes the stack look
 * the same (an error code, real or a zero, then the vector number), then the
 * common path saves every general register into a struct kvm_trap_frame
 * (traps.c) and calls the C reporter, which never returns.
 * Stubs are 16-byte aligned so idt.c finds stub N at uk_kvm_trap_stubs+16*N.
 */
	.code64
	.section .text.uk_kvm_traps, "ax"

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		    (v) == 21 || (v) == 29 || (v) == 30)

	.balign 16
	.globl uk_kvm_trap_stubs
uk_kvm_trap_stubs:
	vec = 0
	.rept 32
	.balign 16
	.if (HAS_ERR(vec)) == 0
	pushq	$0
	.endif
	pushq	$vec
	jmp	uk_kvm_trap_common
	vec = vec + 1
	.endr

uk_kvm_trap_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	andq	$-16, %rsp
	xorl	%ebp, %ebp	/* the reporter walks the interrupted chain, not ours */
	call	uk_kvm_trap
1:	cli
	hlt
	jmp	1b

/* No executable stack needed. */
	.section .note.GNU-stack, "", @progbits
