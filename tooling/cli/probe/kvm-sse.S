/*
 * The KVM probe: a multiboot (v1) kernel that runs, once, the kinds of
 * instruction a uk image built with the default flags uses — SSE control
 * (stmxcsr/ldmxcsr, which @uk/sched-coop's context switch runs), SSE2
 * integer and move instructions (what gcc emits for memset, memcpy and
 * struct copies), the x87 control word — then exits through isa-debug-exit
 * with code 42. A hypervisor that cannot run one of them (a nested KVM
 * that emulates every guest instruction, without SSE) stops it with an
 * emulation failure instead, and `uk run` falls back to TCG. Assembled by
 * the CLI (as --32, ld -m elf_i386 -Ttext=0x100000), never by the build.
 */
	.text
	.globl _start
	.align 4
header:
	.long 0x1BADB002
	.long 0
	.long -0x1BADB002
_start:
	mov $stack_top, %esp
	/* SSE on: CR0.EM off, CR0.MP on; CR4.OSFXSR and CR4.OSXMMEXCPT on. */
	mov %cr0, %eax
	and $~0x4, %eax
	or $0x2, %eax
	mov %eax, %cr0
	mov %cr4, %eax
	or $0x600, %eax
	mov %eax, %cr4
	stmxcsr scratch
	ldmxcsr scratch
	pxor %xmm0, %xmm0
	movdqu %xmm0, scratch
	movq %xmm0, scratch
	fnstcw scratch
	fldcw scratch
	mov $42, %eax
	mov $0xf4, %dx
	out %eax, %dx
	cli
1:	hlt
	jmp 1b

	.data
	.align 16
scratch:
	.fill 16, 1, 0
	.bss
	.align 16
	.fill 256, 1, 0
stack_top:
