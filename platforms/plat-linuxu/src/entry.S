/*
 * Process entry. The kernel starts us with argc, argv and envp on the stack
 * and the stack 16-byte aligned; the C start code wants that stack pointer
 * as its argument and a normal call frame.
 */
	.section .text._uk_linuxu_entry, "ax"
	.globl _uk_linuxu_entry
	.type _uk_linuxu_entry, @function
_uk_linuxu_entry:
	rdtsc				/* boot time is measured from here */
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, uk_linuxu_entry_tsc(%rip)
	xor	%ebp, %ebp		/* end of the frame-pointer chain */
	mov	%rsp, %rdi
	and	$-16, %rsp
	call	uk_linuxu_start
	hlt				/* not reached */
	.size _uk_linuxu_entry, . - _uk_linuxu_entry

	.section .note.GNU-stack, "", @progbits
