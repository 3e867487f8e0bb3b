/*
 * Memory at a fixed address for a program that is not position
 * independent (gcc -static: linked to run at 0x400000, which lies in the
 * allocator's heap on kvm and on linuxu). The allocator cannot be asked
 * for an address, so the loader takes its largest free block whole, keeps
 * it only when it covers the range the program needs, and gives back at
 * once everything above the range (a shrink in place, which every uk
 * allocator does for its largest block's tail). What lies below the range
 * stays unused while the program runs. The range is widened to 2 MiB
 * boundaries because kvm makes memory executable in 2 MiB pages and
 * nothing else may share them.
 */
#include <stdint.h>
#include <uk/alloc.h>

#include "fixed.h"

#define CHUNK (2UL << 20)

void *elf_fixed_claim(uintptr_t lo, uintptr_t hi)
{
	struct uk_alloc *a = uk_alloc_default();
	uintptr_t want_lo = lo & ~(CHUNK - 1), want_hi = (hi + CHUNK - 1) & ~(CHUNK - 1);
	size_t max;
	char *p;

	if (!a || want_hi <= want_lo)
		return NULL;
	max = uk_alloc_maxalloc(a);
	p = max ? uk_malloc(a, max) : NULL;
	if (!p)
		return NULL;
	if ((uintptr_t)p > want_lo || (uintptr_t)p + max < want_hi ||
	    uk_realloc(a, p, want_hi - (uintptr_t)p) != p) {
		uk_free(a, p);
		return NULL;
	}
	return p;
}
