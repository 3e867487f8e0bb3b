/*
 * Interrupt entry stubs. The timer stub saves the registers the C ABI lets
 * a callee clobber (the interrupted code expects all of them back), calls
 * kvm_timer_irq, and returns with iretq. The CPU aligned the stack to 16
 * before pushing its 5-word frame; 9 more pushes make it 16-aligned again
 * for the call. The other stub swallows spurious and stray PIC vectors.
 */
	.code64
	.section .text.uk_kvm_irq, "ax"

	.globl uk_kvm_irq_timer
uk_kvm_irq_timer:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	cld
	call	kvm_timer_irq
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	iretq

	.globl uk_kvm_irq_ignore
uk_kvm_irq_ignore:
	iretq

	.section .note.GNU-stack, "", @progbits
