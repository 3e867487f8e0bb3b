/*
 * Multiboot (v1) boot information: %eax holds 0x2BADB002 and %ebx points to
 * the multiboot info structure (layout fixed by the Multiboot 0.6.96 spec).
 *
 * The multiboot command line starts with the kernel's file name (QEMU
 * passes "<path> <-append text>", GRUB "<path> <args>"); the platform drops
 * that first word so uk_plat_cmdline() is the same on every boot path.
 */
#include "kvm.h"

#define MB_INFO_MEMORY  (1 << 0)
#define MB_INFO_CMDLINE (1 << 2)
#define MB_INFO_MODS    (1 << 3)
#define MB_INFO_MMAP    (1 << 6)
#define MB_RAM 1

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower; /* KiB below 1 MiB */
	uint32_t mem_upper; /* KiB above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
};

struct mb_mod {
	uint32_t start, end, cmdline, pad;
};

/* Each entry is preceded by its size, which does not count the size field. */
struct mb_mmap_entry {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));

/* Boot data we can read: mapped, and in the first GiB. */
static int readable(uint64_t p, uint64_t len)
{
	return p && kvm_pt_ensure(p, len) == 0;
}

int kvm_multiboot_parse(uint32_t addr)
{
	const struct mb_info *mbi = (const void *)(uintptr_t)addr;

	if (!readable(addr, sizeof(*mbi)))
		return -1;

	if (mbi->flags & MB_INFO_CMDLINE && readable(mbi->cmdline, KVM_PAGE_SIZE)) {
		const char *s = (const char *)(uintptr_t)mbi->cmdline;
		uint64_t n = 0;

		while (s[n])
			n++;
		kvm_mem_reserve(mbi->cmdline, n + 1);
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
		kvm_set_cmdline(s);
	}

	if (mbi->flags & MB_INFO_MODS && mbi->mods_count &&
	    readable(mbi->mods_addr, mbi->mods_count * sizeof(struct mb_mod))) {
		const struct mb_mod *m = (const void *)(uintptr_t)mbi->mods_addr;

		kvm_mem_reserve(mbi->mods_addr, mbi->mods_count * sizeof(*m));
		for (uint32_t i = 0; i < mbi->mods_count; i++)
			kvm_mem_reserve(m[i].start, m[i].end - m[i].start);
		kvm_set_initrd(m[0].start, m[0].end - m[0].start);
	}

	if (mbi->flags & MB_INFO_MMAP && readable(mbi->mmap_addr, mbi->mmap_length)) {
		uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;

		while (p + sizeof(struct mb_mmap_entry) <= end) {
			const struct mb_mmap_entry *e = (const void *)(uintptr_t)p;

			if (e->type == MB_RAM)
				kvm_mem_add_ram(e->addr, e->len);
			p += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MB_INFO_MEMORY) {
		kvm_mem_add_ram(KVM_LOW_MEM_END, (uint64_t)mbi->mem_upper * 1024);
	}
	return 0;
}
