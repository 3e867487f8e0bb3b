/* Private to @uk/elfloader: the memory a non-PIE program must be loaded at. */
#ifndef UK_ELFLOADER_FIXED_H
#define UK_ELFLOADER_FIXED_H

#include <stdint.h>

/*
 * Take [lo, hi) (widened to 2 MiB boundaries) from the default allocator,
 * inside one block that starts at or below it; returns that block, or NULL
 * when the range is not free.
 */
void *elf_fixed_claim(uintptr_t lo, uintptr_t hi);

#endif
