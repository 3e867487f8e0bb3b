/*
 * Running an unmodified static x86_64 Linux executable (PIE or not) inside the
 * image: uk_elf_exec loads it from memory, builds the stack Linux gives a
 * new process (argc, argv, envp, auxv with AT_RANDOM, AT_PHDR, AT_ENTRY…)
 * and jumps to its entry. The program's system calls reach uk through the
 * binary-compatibility trap (@uk/syscall-shim's `trap` feature, kvm), and
 * its exit_group ends the image with its status. Implemented by
 * @uk/elfloader.
 */
#ifndef UK_ELFLOADER_H
#define UK_ELFLOADER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Load the ELF file of size bytes at elf and run it with argv/envp (both
 * NULL-terminated). Returns only on failure, with a negative errno and one
 * line printed naming the cause: -ENOEXEC (not an x86_64 ELF executable),
 * -ELIBBAD (dynamically linked), -ENOMEM (also: a non-PIE program whose
 * fixed addresses are not free memory).
 */
int uk_elf_exec(const void *elf, size_t size, char *const argv[], char *const envp[]);

#ifdef __cplusplus
}
#endif

#endif
