/*
 * The stack a Linux process starts on, top down: the argument and
 * environment strings, AT_RANDOM's 16 bytes and the platform name, then
 * (16-byte aligned at argc) argc, argv[], NULL, envp[], NULL and the
 * auxiliary vector. Then rsp points at argc, rdx is 0 (no function for
 * atexit from a dynamic linker) and execution continues at the entry.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "elf.h"
#include "stack.h"

#ifndef CONFIG_UK_ELFLOADER_STACK_SIZE
#define CONFIG_UK_ELFLOADER_STACK_SIZE (1 << 20)
#endif

static size_t count(char *const v[])
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* Copy s below *top; returns where it landed. */
static char *push_string(char **top, const char *s)
{
	size_t n = strlen(s) + 1;

	*top -= n;
	memcpy(*top, s, n);
	return *top;
}

static unsigned long hwcap(void)
{
	unsigned int a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	return d;
}

__attribute__((noreturn)) static void jump(uintptr_t sp, uintptr_t entry)
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%edx, %%edx\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "jmp *%1\n"
			 :
			 : "r"(sp), "r"(entry)
			 : "memory");
	__builtin_unreachable();
}

int elf_start(const struct elf_start *st, char *const argv[], char *const envp[])
{
	size_t argc = count(argv), envc = count(envp);
	char *stack = aligned_alloc(16, CONFIG_UK_ELFLOADER_STACK_SIZE);
	char *top, *random, *platform;
	char **argp, **envpp;
	uint64_t auxv[2 * 20], *sp;
	size_t naux = 0, words;

	if (!stack)
		return -ENOMEM;
	top = stack + CONFIG_UK_ELFLOADER_STACK_SIZE;
	argp = malloc((argc + envc + 2) * sizeof(char *));
	if (!argp) {
		free(stack);
		return -ENOMEM;
	}
	envpp = argp + argc + 1;
	for (size_t i = 0; i < argc; i++)
		argp[i] = push_string(&top, argv[i]);
	argp[argc] = NULL;
	for (size_t i = 0; i < envc; i++)
		envpp[i] = push_string(&top, envp[i]);
	envpp[envc] = NULL;
	platform = push_string(&top, "x86_64");
	top -= 16;
	random = top;
	getrandom(random, 16, 0);
	top = (char *)((uintptr_t)top & ~15UL);

#define AUX(k, v) (auxv[naux++] = (k), auxv[naux++] = (uint64_t)(v))
	AUX(AT_PHDR, st->phdr);
	AUX(AT_PHENT, sizeof(struct elf64_phdr));
	AUX(AT_PHNUM, st->phnum);
	AUX(AT_PAGESZ, 4096);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, st->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_PLATFORM, (uintptr_t)platform);
	AUX(AT_HWCAP, hwcap());
	AUX(AT_HWCAP2, 0);
	AUX(AT_CLKTCK, 100);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, (uintptr_t)random);
	AUX(AT_EXECFN, argc ? (uintptr_t)argp[0] : 0);
	AUX(AT_NULL, 0);
#undef AUX

	/* argc, argv + NULL, envp + NULL, auxv: an even count keeps argc 16-byte aligned. */
	words = 1 + (argc + 1) + (envc + 1) + naux;
	sp = (uint64_t *)top - words - (words & 1);
	sp[0] = argc;
	memcpy(sp + 1, argp, (argc + 1) * sizeof(char *));
	memcpy(sp + 2 + argc, envpp, (envc + 1) * sizeof(char *));
	memcpy(sp + 3 + argc + envc, auxv, naux * sizeof(uint64_t));
	free(argp);
	jump((uintptr_t)sp, st->entry);
}
