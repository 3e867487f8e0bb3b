/* The program `uk exec` runs, copied next to this file as program.elf. */
	.section .rodata.uk_exec_program, "a"
	.balign 16
	.globl uk_exec_program_start, uk_exec_program_end
uk_exec_program_start:
	.incbin "program.elf"
uk_exec_program_end:
