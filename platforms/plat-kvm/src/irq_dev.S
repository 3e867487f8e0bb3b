/*
 * Entry stubs for device interrupt vectors (irq_dev.c). Each stub is 16
 * bytes, so vector KVM_VEC_DEV_FIRST + n is at uk_kvm_irq_dev_stubs + 16n:
 * it pushes n and jumps to the common part, which saves the registers a C
 * call may clobber, calls kvm_irq_dev(n) and returns with iretq. The CPU
 * pushed 5 words on a 16-byte aligned stack; n and 9 registers make 15,
 * so one more slot aligns the call.
 */
	.code64
	.section .text.uk_kvm_irq_dev, "ax"

	.globl uk_kvm_irq_dev_stubs
	.balign 16
uk_kvm_irq_dev_stubs:
	.set n, 0
	.rept 14
	.balign 16
	pushq	$n
	jmp	uk_kvm_irq_dev_common
	.set n, n + 1
	.endr

uk_kvm_irq_dev_common:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	movq	72(%rsp), %rdi
	subq	$8, %rsp
	cld
	call	kvm_irq_dev
	addq	$8, %rsp
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	addq	$8, %rsp
	iretq

	.section .note.GNU-stack, "", @progbits
