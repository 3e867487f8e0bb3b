/* Private to @uk/elfloader: the new program's first stack and the jump to it. */
#ifndef UK_ELFLOADER_STACK_H
#define UK_ELFLOADER_STACK_H

#include <stdint.h>

struct elf_start {
	uintptr_t entry, phdr;
	unsigned phnum;
};

/* Builds the stack Linux gives a new process and jumps; returns only on failure (-ENOMEM). */
int elf_start(const struct elf_start *st, char *const argv[], char *const envp[]);

#endif
