/*
 * Memory regions: RAM as reported by the boot loader, minus the image, the
 * boot data the platform still points at (command line, modules) and the
 * page-table pages allocated at boot. Only memory at or above 1 MiB is
 * reported; the legacy area below it holds firmware and boot structures.
 *
 * Page-table pages come from a bump allocator that starts right after the
 * image and steps over boot data in its way (like QEMU's multiboot command
 * line, right after the image); the pages it hands out are reported as
 * RESERVED.
 *
 * The region list is built on first query, not at boot: an image that never
 * asks (no allocator) does not pay for it before main. Page-table pages are
 * only allocated by kvm_paging_init, which runs before any query.
 */
#include <uk/plat.h>
#include "kvm.h"

#define MAX_RAM 16
#define MAX_RSV 8
#define MAX_REGIONS 32

struct range {
	uint64_t base, end;
};

static struct range ram[MAX_RAM];
static int nram;
static struct range rsv[MAX_RSV];
static int nrsv;
static uint64_t early_start, early_next;

static struct uk_plat_memregion regions[MAX_REGIONS];
static int nregions, finalized;

static uint64_t align_up(uint64_t v)
{
	return (v + KVM_PAGE_SIZE - 1) & ~(KVM_PAGE_SIZE - 1);
}

void kvm_mem_add_ram(uint64_t base, uint64_t len)
{
	uint64_t end = base + len;
	int i;

	/* Whole pages only, and nothing from the legacy area. */
	if (base < KVM_LOW_MEM_END)
		base = KVM_LOW_MEM_END;
	base = align_up(base);
	end &= ~(KVM_PAGE_SIZE - 1);
	if (end <= base || nram == MAX_RAM)
		return;
	/* Keep the array sorted: loaders usually give ascending maps. */
	for (i = nram; i > 0 && ram[i - 1].base > base; i--)
		ram[i] = ram[i - 1];
	ram[i].base = base;
	ram[i].end = end;
	nram++;
}

void kvm_mem_reserve(uint64_t base, uint64_t len)
{
	uint64_t end = base + len;

	if (len == 0 || end <= KVM_LOW_MEM_END)
		return;
	if (nrsv == MAX_RSV) {
		/* Out of slots: widen the last one rather than lose data. */
		if (base < rsv[nrsv - 1].base)
			rsv[nrsv - 1].base = base;
		if (end > rsv[nrsv - 1].end)
			rsv[nrsv - 1].end = end;
		return;
	}
	rsv[nrsv].base = base & ~(KVM_PAGE_SIZE - 1);
	rsv[nrsv].end = align_up(end);
	nrsv++;
}

uint64_t kvm_mem_ram_top(void)
{
	return nram ? ram[nram - 1].end : 0;
}

int kvm_mem_ram_overlaps(uint64_t base, uint64_t end)
{
	for (int i = 0; i < nram; i++)
		if (ram[i].base < end && base < ram[i].end)
			return 1;
	return 0;
}

static int ram_contains(uint64_t base, uint64_t end)
{
	for (int i = 0; i < nram; i++)
		if (ram[i].base <= base && end <= ram[i].end)
			return 1;
	return 0;
}

/*
 * The first page at or after p that no boot data occupies. Only data in
 * the way is stepped over: an initrd that a loader put at the top of RAM
 * (QEMU's PVH loader does) must not push the tables past the end of RAM.
 */
static uint64_t past_boot_data(uint64_t p)
{
	int moved;

	do {
		moved = 0;
		for (int i = 0; i < nrsv; i++)
			if (rsv[i].base <= p && p < rsv[i].end) {
				p = rsv[i].end;
				moved = 1;
			}
	} while (moved);
	return p;
}

void *kvm_mem_early_page(void)
{
	uint64_t p;

	if (!early_start) {
		early_start = past_boot_data(align_up((uint64_t)(uintptr_t)__uk_image_end));
		early_next = early_start;
	}
	p = early_next = past_boot_data(early_next);
	/* Without a memory map we can only trust that RAM follows the image. */
	if (nram && !ram_contains(p, p + KVM_PAGE_SIZE)) {
		kvm_puts("[uk-kvm] out of memory for page tables\n");
		uk_plat_exit(UK_EXIT_CRASH);
	}
	if (kvm_pt_ensure(p, KVM_PAGE_SIZE) != 0) {
		kvm_puts("[uk-kvm] page tables would lie above 1 GiB\n");
		uk_plat_exit(UK_EXIT_CRASH);
	}
	early_next += KVM_PAGE_SIZE;
	return (void *)(uintptr_t)p;
}

static void emit(uint64_t base, uint64_t end, enum uk_plat_memregion_kind kind)
{
	struct uk_plat_memregion *last = nregions ? &regions[nregions - 1] : 0;

	if (end <= base)
		return;
	if (last && last->kind == kind && last->base + last->len == base) {
		last->len += end - base;
		return;
	}
	if (nregions == MAX_REGIONS)
		return;
	regions[nregions].base = base;
	regions[nregions].len = end - base;
	regions[nregions].kind = kind;
	nregions++;
}

static void finalize(void)
{
	struct { uint64_t base, end; enum uk_plat_memregion_kind kind; } cut[MAX_RSV + 2];
	int ncut = 0, i, j;

	cut[ncut].base = (uintptr_t)__uk_image_start;
	cut[ncut].end = (uintptr_t)__uk_image_end;
	cut[ncut++].kind = UK_PLAT_MEM_IMAGE;
	if (early_next > early_start) {
		cut[ncut].base = early_start;
		cut[ncut].end = early_next;
		cut[ncut++].kind = UK_PLAT_MEM_RESERVED;
	}
	for (i = 0; i < nrsv; i++) {
		cut[ncut].base = rsv[i].base;
		cut[ncut].end = rsv[i].end;
		cut[ncut++].kind = UK_PLAT_MEM_RESERVED;
	}
	/* Insertion sort by base: a handful of entries. */
	for (i = 1; i < ncut; i++) {
		__typeof__(cut[0]) c = cut[i];
		for (j = i; j > 0 && cut[j - 1].base > c.base; j--)
			cut[j] = cut[j - 1];
		cut[j] = c;
	}

	if (!nram) {
		/* No map from the loader: report what we know is in use. */
		for (i = 0; i < ncut; i++)
			emit(cut[i].base, cut[i].end, cut[i].kind);
		return;
	}
	for (i = 0; i < nram; i++) {
		uint64_t pos = ram[i].base, end = ram[i].end;

		for (j = 0; j < ncut && pos < end; j++) {
			uint64_t b = cut[j].base > pos ? cut[j].base : pos;
			uint64_t e = cut[j].end < end ? cut[j].end : end;

			if (e <= b)
				continue;
			emit(pos, b, UK_PLAT_MEM_FREE);
			emit(b, e, cut[j].kind);
			pos = e;
		}
		emit(pos, end, UK_PLAT_MEM_FREE);
	}
}

int uk_plat_memregion_count(void)
{
	if (!finalized) {
		finalize();
		finalized = 1;
	}
	return nregions;
}

int uk_plat_memregion_get(int i, struct uk_plat_memregion *out)
{
	if (i < 0 || i >= uk_plat_memregion_count())
		return -1;
	*out = regions[i];
	return 0;
}
