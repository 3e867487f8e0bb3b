/*
 * Context switch for the cooperative scheduler. A switch is an ordinary
 * function call, so only what the x86_64 SysV ABI makes callee-saved has
 * to survive it: rbx, rbp, r12-r15, the stack pointer, and the control
 * bits of MXCSR and the x87 control word (xmm registers are caller-saved,
 * the compiler already spilled whatever it needed).
 *
 * Frame on a switched-out stack, lowest address first:
 *   [mxcsr, x87 cw] r15 r14 r13 r12 rbx rbp return-address
 */
	.section .text.coop_switch, "ax"
	.globl coop_switch
	.type coop_switch, @function
/* void coop_switch(void **save_sp, void *new_sp) */
coop_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
#if CONFIG_UK_SCHED_COOP_FPU_CONTROL
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
#endif
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
#if CONFIG_UK_SCHED_COOP_FPU_CONTROL
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
#endif
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size coop_switch, . - coop_switch

/*
 * First code of a new thread: thread.c built a frame whose saved r12 is the
 * thread structure and whose return address is this label. rsp is 16-byte
 * aligned here, as a call needs.
 */
	.section .text.coop_thread_trampoline, "ax"
	.globl coop_thread_trampoline
	.type coop_thread_trampoline, @function
coop_thread_trampoline:
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	movq	%r12, %rdi
	call	coop_thread_main	/* never returns */
	ud2
	.size coop_thread_trampoline, . - coop_thread_trampoline

	.section .note.GNU-stack, "", @progbits
