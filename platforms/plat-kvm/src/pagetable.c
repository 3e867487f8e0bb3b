/*
 * Final page tables, built once at boot on top of the boot map from
 * entry32.S (2 MiB pages over the image and a little beyond, writable and
 * executable).
 *
 * - The 2 MiB chunks holding the image are split into 4 KiB pages so that
 *   W^X holds: text read+execute, rodata read-only no-execute, data/bss
 *   read-write no-execute. Page 0 (null pointers) and the page below the
 *   boot stack (overflow) are left unmapped.
 * - All RAM the loader reported is identity mapped with 2 MiB pages,
 *   read-write, no-execute (one PDPT: the first 512 GiB).
 * - So are the top 32 MiB below 4 GiB, where the LAPIC, IOAPIC, HPET and
 *   microvm's virtio-mmio devices live. Other device memory is unmapped.
 * Only what exists is mapped, and nothing more is written than needed:
 * on some hypervisors (kvm_pvm) every one of these stores is emulated.
 * Table pages beyond the three static boot ones come from the early page
 * allocator (memmap.c).
 */
#include "cpu.h"
#include "kvm.h"

#define PTE_P  0x1ULL
#define PTE_RW 0x2ULL
#define PTE_PS 0x80ULL
#define PTE_ADDR 0x000ffffffffff000ULL
#define SZ_2M 0x200000ULL
#define SZ_1G 0x40000000ULL
#define DEV_BASE 0xfe000000ULL /* LAPIC, IOAPIC, HPET, virtio-mmio */
#define DEV_END  0x100000000ULL

static uint64_t *pd_for(uint64_t gib)
{
	uint64_t *pd;

	if (gib == 0)
		return uk_kvm_pd0;
	if (uk_kvm_pdpt[gib] & PTE_P)
		return (uint64_t *)(uintptr_t)(uk_kvm_pdpt[gib] & PTE_ADDR);
	pd = kvm_mem_early_page();
	zero_words(pd, 512);
	uk_kvm_pdpt[gib] = (uintptr_t)pd | PTE_P | PTE_RW;
	return pd;
}

/* Identity map [base, end) with 2 MiB RW NX pages, skipping present ones. */
static void map_2m(uint64_t base, uint64_t end)
{
	for (uint64_t a = base & ~(SZ_2M - 1); a < end && a < 512 * SZ_1G; a += SZ_2M) {
		uint64_t *pd = pd_for(a / SZ_1G);
		uint64_t i = (a / SZ_2M) & 511;

		if (!(pd[i] & PTE_P))
			pd[i] = a | PTE_P | PTE_RW | PTE_PS | uk_kvm_nx_mask;
	}
}

/*
 * Make boot data readable before the final map exists. Only the first GiB
 * (the static PD) is handled, so this never allocates; loaders put boot
 * data low anyway, usually inside the boot map, which needs no work.
 */
int kvm_pt_ensure(uint64_t base, uint64_t len)
{
	if (base + len > SZ_1G || base + len < base)
		return -1;
	if (base + len <= (uintptr_t)__uk_boot_map_chunks * SZ_2M)
		return 0;
	map_2m(base, base + len);
	return 0;
}

/* Page flags up to an end address; flags 0 leaves the page unmapped. */
struct page_run {
	uint64_t end, flags;
};

/*
 * Fill the 4 KiB table of one 2 MiB chunk from the runs, which are in
 * address order and end with one reaching past every chunk; returns the
 * run the next chunk starts in. One loop for all runs rather than one per
 * run: this code runs once, so under an emulator its size is what costs,
 * and the inner loop is kept to a few instructions for hypervisors that
 * emulate every one (kvm_pvm).
 */
static const struct page_run *fill_chunk(uint64_t *pt, uint64_t chunk, const struct page_run *r)
{
	uint64_t a = chunk * SZ_2M, hi = a + SZ_2M;

	for (;;) {
		uint64_t stop = r->end < hi ? r->end : hi;
		uint64_t pte = r->flags ? a | r->flags : 0;
		uint64_t step = r->flags ? KVM_PAGE_SIZE : 0;

		for (; a < stop; a += KVM_PAGE_SIZE, pte += step)
			*pt++ = pte;
		if (a == hi)
			return r;
		r++;
	}
}

void kvm_paging_init(void)
{
	uint64_t nx = uk_kvm_nx_mask, rw = PTE_P | PTE_RW | nx;
	uint64_t last = ((uintptr_t)__uk_image_end - 1) / SZ_2M;
	uint64_t top = kvm_mem_ram_top(), guard = (uintptr_t)uk_kvm_stack_guard;

	/*
	 * 4 KiB tables over the image's chunks. We run from these chunks, so
	 * each table is complete before its PD entry changes. Within a chunk,
	 * pages past both the image and RAM stay unmapped.
	 */
	uint64_t end = top > (uintptr_t)__uk_image_end ? top : (uintptr_t)__uk_image_end;

	if (!top) /* no memory map: keep the image's chunks fully mapped */
		end = (last + 1) * SZ_2M;
	const struct page_run runs[] = {
		{ KVM_PAGE_SIZE, 0 }, /* page 0: null pointers fault */
		{ (uintptr_t)__uk_text_start, rw },
		{ (uintptr_t)__uk_text_end, PTE_P },
		{ (uintptr_t)__uk_rodata_start, 0 },
		{ (uintptr_t)__uk_rodata_end, PTE_P | nx },
		{ guard, rw },
		{ guard + KVM_PAGE_SIZE, 0 }, /* boot stack overflow faults */
		{ end, rw },
		{ ~0ULL, 0 }, /* past the image and RAM */
	};
	const struct page_run *r = runs;

	for (uint64_t c = 0; c <= last && c < 512; c++) {
		uint64_t *pt = kvm_mem_early_page();

		/* Complete before the PD entry points at it: we run from here. */
		r = fill_chunk(pt, c, r);
		uk_kvm_pd0[c] = (uintptr_t)pt | PTE_P | PTE_RW;
	}

	/* Chunks the boot map covered beyond the image: now RW NX. */
	for (uint64_t c = last + 1; c < 512 && (uk_kvm_pd0[c] & PTE_P); c++)
		uk_kvm_pd0[c] |= nx;

	map_2m(0, top);
	map_2m(DEV_BASE, DEV_END);

	/* Drop stale translations from the boot map (RWX everywhere). */
	write_cr3(read_cr3());
}

/* Is addr mapped? Used by the exception reporter before it dereferences. */
int kvm_pt_mapped(uint64_t addr)
{
	const uint64_t *t = uk_kvm_pml4;

	if (addr >> 47)
		return 0;
	/* PML4, PDPT, PD, PT; PS ends the walk at the PDPT or PD level. */
	for (int shift = 39;; shift -= 9) {
		uint64_t e = t[(addr >> shift) & 511];

		if (!(e & PTE_P))
			return 0;
		if (shift == 12 || (shift != 39 && (e & PTE_PS)))
			return 1;
		t = (const uint64_t *)(uintptr_t)(e & PTE_ADDR);
	}
}

/*
 * Guard pages (uk_plat_page_guard): RAM is mapped with 2 MiB pages, so the
 * first guard page in a chunk splits it into a 4 KiB table, taken from a
 * small static pool (the platform has no allocator; a split is never
 * undone, so 4 tables cover 8 MiB of stacks). An unmapped guard PTE keeps
 * KVM_PTE_GUARD so the fault reporter can name a stack overflow.
 */
#define SPLIT_POOL 4
static uint64_t split_pool[SPLIT_POOL][512] __attribute__((aligned(4096)));
static int split_used;

static uint64_t *pte_for(uint64_t addr, int split)
{
	uint64_t *pd, e;

	if (addr >= 512 * SZ_1G || !(uk_kvm_pdpt[addr / SZ_1G] & PTE_P))
		return 0;
	pd = (uint64_t *)(uintptr_t)(uk_kvm_pdpt[addr / SZ_1G] & PTE_ADDR);
	e = pd[(addr / SZ_2M) & 511];
	if (!(e & PTE_P))
		return 0;
	if (e & PTE_PS) {
		uint64_t *pt, base = e & PTE_ADDR & ~(SZ_2M - 1);
		uint64_t flags = (e & (PTE_P | PTE_RW | uk_kvm_nx_mask));

		if (!split || split_used == SPLIT_POOL)
			return 0;
		pt = split_pool[split_used++];
		for (int i = 0; i < 512; i++)
			pt[i] = (base + (uint64_t)i * KVM_PAGE_SIZE) | flags;
		pd[(addr / SZ_2M) & 511] = (uintptr_t)pt | PTE_P | PTE_RW;
		write_cr3(read_cr3());
		e = pd[(addr / SZ_2M) & 511];
	}
	return (uint64_t *)(uintptr_t)(e & PTE_ADDR) + ((addr >> 12) & 511);
}

int uk_plat_page_guard(void *page, int guard)
{
	uint64_t a = (uintptr_t)page, *pte;

	if (a & (KVM_PAGE_SIZE - 1) || a < (uintptr_t)__uk_image_end)
		return -1;
	pte = pte_for(a, guard);
	if (!pte)
		return -1;
	if (guard)
		*pte = (a & PTE_ADDR) | KVM_PTE_GUARD;
	else if (*pte & KVM_PTE_GUARD)
		*pte = a | PTE_P | PTE_RW | uk_kvm_nx_mask;
	__asm__ volatile("invlpg (%0)" : : "r"(a) : "memory");
	return 0;
}

/*
 * Executable RAM for a program loader (uk_plat_page_exec): NX is cleared
 * on the 2 MiB entry of each chunk the range touches, or on each 4 KiB
 * entry of a chunk already split (guard pages). Never the image's own
 * chunks, whose W^X layout stays as built.
 */
int uk_plat_page_exec(void *addr, size_t len)
{
	uint64_t a = (uintptr_t)addr, end = a + len;

	if (end < a || a < (uintptr_t)__uk_image_end || !kvm_mem_ram_overlaps(a, end))
		return -1;
	for (a &= ~(KVM_PAGE_SIZE - 1); a < end; a += KVM_PAGE_SIZE) {
		uint64_t *pd, *e;

		if (!(uk_kvm_pdpt[a / SZ_1G] & PTE_P))
			return -1;
		pd = (uint64_t *)(uintptr_t)(uk_kvm_pdpt[a / SZ_1G] & PTE_ADDR);
		e = &pd[(a / SZ_2M) & 511];
		if (!(*e & PTE_P))
			return -1;
		if (*e & PTE_PS) {
			*e &= ~uk_kvm_nx_mask;
			a = (a & ~(SZ_2M - 1)) + SZ_2M - KVM_PAGE_SIZE;
			continue;
		}
		e = pte_for(a, 0);
		if (!e || !(*e & PTE_P))
			return -1;
		*e &= ~uk_kvm_nx_mask;
	}
	write_cr3(read_cr3());
	return 0;
}

int kvm_pt_is_guard(uint64_t addr)
{
	uint64_t *pte = pte_for(addr & ~(KVM_PAGE_SIZE - 1), 0);

	return pte && !(*pte & PTE_P) && (*pte & KVM_PTE_GUARD);
}

/*
 * Device memory for drivers (uk_bus_map): identity mapped with 2 MiB
 * uncached (PCD|PWT) pages. The allocator owns free RAM by now, so a page
 * directory this needs comes from a small static pool rather than the
 * early page allocator; RAM mappings are never touched. The device window
 * below 4 GiB (LAPIC, IOAPIC, virtio-mmio, PCI BARs as SeaBIOS places
 * them) already has its directory, so usually nothing is allocated.
 */
#define PTE_PWT 0x8ULL
#define PTE_PCD 0x10ULL
#define DEV_PD_POOL 2
static uint64_t dev_pd_pool[DEV_PD_POOL][512] __attribute__((aligned(4096)));
static int dev_pd_used;

int kvm_pt_map_device(uint64_t base, uint64_t len)
{
	uint64_t end = base + len;
	int changed = 0;

	if (end < base || end > 512 * SZ_1G)
		return -1;
	for (uint64_t a = base & ~(SZ_2M - 1); a < end; a += SZ_2M) {
		uint64_t *pd, *e, gib = a / SZ_1G;

		if (kvm_mem_ram_overlaps(a, a + SZ_2M))
			return -1; /* never remap RAM as a device */
		if (uk_kvm_pdpt[gib] & PTE_P) {
			pd = (uint64_t *)(uintptr_t)(uk_kvm_pdpt[gib] & PTE_ADDR);
		} else {
			if (dev_pd_used == DEV_PD_POOL)
				return -1;
			pd = dev_pd_pool[dev_pd_used++];
			uk_kvm_pdpt[gib] = (uintptr_t)pd | PTE_P | PTE_RW;
		}
		e = &pd[(a / SZ_2M) & 511];
		if (*e & PTE_P && !(*e & PTE_PS))
			return -1; /* split into 4 KiB pages: the image, not a device */
		if ((*e & (PTE_P | PTE_PCD | PTE_PWT)) != (PTE_P | PTE_PCD | PTE_PWT)) {
			*e = a | PTE_P | PTE_RW | PTE_PS | PTE_PCD | PTE_PWT | uk_kvm_nx_mask;
			changed = 1;
		}
	}
	if (changed)
		write_cr3(read_cr3());
	return 0;
}
