/*
 * The initial RAM disk: QEMU's -initrd reaches a multiboot kernel as its
 * first module and a PVH kernel as its first modlist entry. The boot-info
 * parsers record it (and keep its memory out of the free regions); it is
 * mapped only when someone asks, so an image that never does pays two
 * words.
 */
#include <uk/plat.h>

#include "kvm.h"

static uint64_t initrd_base, initrd_len;

void kvm_set_initrd(uint64_t base, uint64_t len)
{
	initrd_base = base;
	initrd_len = len;
}

int uk_plat_initrd(const void **base, size_t *len)
{
	if (!initrd_base || !initrd_len || kvm_pt_ensure(initrd_base, initrd_len) != 0)
		return -1;
	*base = (const void *)(uintptr_t)initrd_base;
	*len = (size_t)initrd_len;
	return 0;
}
