/*
 * PVH boot information: the loader passes a struct hvm_start_info (layout
 * fixed by the Xen PVH ABI) in %ebx. Version 1 adds an E820-style memory
 * map; without it the platform reports no RAM beyond the image.
 */
#include "kvm.h"

#define PVH_MAGIC 0x336ec578
#define E820_RAM 1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;   /* version >= 1 */
	uint32_t memmap_entries; /* version >= 1 */
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

/* Boot data we can read: mapped, and in the first GiB. */
static int readable(uint64_t p, uint64_t len)
{
	return p && kvm_pt_ensure(p, len) == 0;
}

static uint64_t strsize(uint64_t p)
{
	const char *s = (const char *)(uintptr_t)p;
	uint64_t n = 0;

	while (s[n])
		n++;
	return n + 1;
}

int kvm_pvh_parse(uint32_t addr)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)addr;

	if (!readable(addr, sizeof(*si)) || si->magic != PVH_MAGIC)
		return -1;
	kvm_mem_reserve(addr, sizeof(*si));

	if (readable(si->cmdline_paddr, KVM_PAGE_SIZE)) {
		kvm_set_cmdline((const char *)(uintptr_t)si->cmdline_paddr);
		kvm_mem_reserve(si->cmdline_paddr, strsize(si->cmdline_paddr));
	}

	if (si->nr_modules &&
	    readable(si->modlist_paddr, si->nr_modules * sizeof(struct hvm_modlist_entry))) {
		const struct hvm_modlist_entry *m = (const void *)(uintptr_t)si->modlist_paddr;

		kvm_mem_reserve(si->modlist_paddr, si->nr_modules * sizeof(*m));
		for (uint32_t i = 0; i < si->nr_modules; i++)
			kvm_mem_reserve(m[i].paddr, m[i].size);
		kvm_set_initrd(m[0].paddr, m[0].size);
	}

	if (si->version >= 1 &&
	    readable(si->memmap_paddr, si->memmap_entries * sizeof(struct hvm_memmap_entry))) {
		const struct hvm_memmap_entry *e = (const void *)(uintptr_t)si->memmap_paddr;

		kvm_mem_reserve(si->memmap_paddr, si->memmap_entries * sizeof(*e));
		for (uint32_t i = 0; i < si->memmap_entries; i++)
			if (e[i].type == E820_RAM)
				kvm_mem_add_ram(e[i].addr, e[i].size);
	}
	return 0;
}
