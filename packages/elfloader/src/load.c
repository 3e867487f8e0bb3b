/*
 * uk_elf_exec: check the file, copy its PT_LOAD segments into memory, make
 * it executable, build the initial stack and jump. A static-PIE program
 * goes into one block of the default allocator (2 MiB aligned, because kvm
 * makes memory executable in 2 MiB pages and nothing else may share them)
 * and relocates itself, so the loader applies no relocations; a static
 * non-PIE one goes where it was linked, which fixed.c claims.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <uk/elfloader.h>
#include <uk/plat.h>

#include "elf.h"
#include "fixed.h"
#include "stack.h"

#define CHUNK (2UL << 20)

static int refuse(int err, const char *why)
{
	fprintf(stderr, "[uk-elfloader] %s\n", why);
	return -err;
}

int uk_elf_exec(const void *elf, size_t size, char *const argv[], char *const envp[])
{
	const struct elf64_ehdr *eh = elf;
	const struct elf64_phdr *ph;
	uint64_t lo = UINT64_MAX, hi = 0, phdr_vaddr = 0;
	unsigned char *block, *base;
	void *claim = NULL;
	size_t span;

	if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) != 0)
		return refuse(ENOEXEC, "not an ELF file");
	if (eh->ident[4] != 2 || eh->ident[5] != 1 || eh->machine != EM_X86_64)
		return refuse(ENOEXEC, "not an x86_64 (64-bit little-endian) executable");
	if ((eh->type != ET_DYN && eh->type != ET_EXEC) || eh->phentsize != sizeof(*ph) || eh->phoff > size ||
	    (size - eh->phoff) / sizeof(*ph) < eh->phnum)
		return refuse(ENOEXEC, "not an executable (no program headers)");
	ph = (const struct elf64_phdr *)((const char *)elf + eh->phoff);
	for (int i = 0; i < eh->phnum; i++) {
		if (ph[i].type == PT_INTERP)
			return refuse(ELIBBAD, "dynamically linked (it names an interpreter); link it with -static-pie");
		if (ph[i].type == PT_PHDR)
			phdr_vaddr = ph[i].vaddr;
		if (ph[i].type != PT_LOAD)
			continue;
		if (ph[i].offset > size || ph[i].filesz > size - ph[i].offset || ph[i].filesz > ph[i].memsz)
			return refuse(ENOEXEC, "a segment lies outside the file");
		if (ph[i].vaddr < lo)
			lo = ph[i].vaddr;
		if (ph[i].vaddr + ph[i].memsz > hi)
			hi = ph[i].vaddr + ph[i].memsz;
		if (ph[i].offset == 0 && !phdr_vaddr)
			phdr_vaddr = ph[i].vaddr + eh->phoff;
	}
	if (hi <= lo)
		return refuse(ENOEXEC, "no loadable segment");
	lo &= ~4095UL;
	if (eh->type == ET_EXEC) {
		/* Linked for its addresses: those, as whole 2 MiB chunks. */
		if (!(claim = elf_fixed_claim(lo, hi))) {
			char why[200];

			snprintf(why, sizeof(why),
				 "this non-PIE program must be loaded at 0x%lx-0x%lx, which is not free memory here; give the image more memory with --mem, or build it with -static-pie",
				 (unsigned long)lo, (unsigned long)hi);
			return refuse(ENOMEM, why);
		}
		base = 0;
		block = (unsigned char *)(lo & ~(CHUNK - 1));
		span = (size_t)(((hi + CHUNK - 1) & ~(CHUNK - 1)) - (uintptr_t)block);
	} else {
		span = (size_t)((hi - lo + CHUNK - 1) & ~(CHUNK - 1));
		block = aligned_alloc(CHUNK, span);
		if (!block)
			return refuse(ENOMEM, "not enough memory for the program (give the image more with --mem)");
		base = block - lo;
	}
	memset(block, 0, span);
	for (int i = 0; i < eh->phnum; i++)
		if (ph[i].type == PT_LOAD)
			memcpy(base + ph[i].vaddr, (const char *)elf + ph[i].offset, ph[i].filesz);
	if (uk_plat_page_exec(block, span) != 0) {
		free(claim ? claim : block);
		return refuse(ENOMEM, "the platform cannot make the program's memory executable");
	}

	struct elf_start st = {
		.entry = (uintptr_t)(base + eh->entry),
		.phdr = (uintptr_t)(base + phdr_vaddr),
		.phnum = eh->phnum,
	};
	return elf_start(&st, argv, envp);
}
