/*
 * Final page tables, built once at boot on top of the boot map from
 * entry32.S (first GiB, 2 MiB pages, everything writable and executable).
 *
 * - The 2 MiB chunks holding the image are split into 4 KiB pages so that
 *   W^X holds: text read+execute, rodata read-only no-execute, data/bss
 *   read-write no-execute. Page 0 (null pointers) and the page below the
 *   boot stack (overflow) are left unmapped.
 * - Everything else stays identity mapped with 2 MiB pages, read-write and
 *   no-execute: the first GiB, every other GiB that holds RAM, and the GiB
 *   below 4 GiB where devices live (LAPIC, IOAPIC, virtio-mmio on microvm).
 *   One PDPT covers 512 GiB; RAM above that is not mapped.
 * Table pages beyond the three static boot ones come from the early page
 * allocator (memmap.c), sized to what this machine needs.
 */
#include "cpu.h"
#include "kvm.h"

#define PTE_P  0x1ULL
#define PTE_RW 0x2ULL
#define PTE_PS 0x80ULL
#define PTE_ADDR 0x000ffffffffff000ULL
#define SZ_2M 0x200000ULL
#define SZ_1G 0x40000000ULL
#define MMIO_GIB 3 /* 3..4 GiB: the PCI/MMIO hole and the APICs */

static uint64_t page_flags(uint64_t a)
{
	uint64_t nx = uk_kvm_nx_mask;

	if (a < KVM_PAGE_SIZE)
		return 0;
	if (a == (uintptr_t)uk_kvm_stack_guard)
		return 0;
	if (a >= (uintptr_t)__uk_text_start && a < (uintptr_t)__uk_text_end)
		return PTE_P;
	if (a >= (uintptr_t)__uk_rodata_start && a < (uintptr_t)__uk_rodata_end)
		return PTE_P | nx;
	return PTE_P | PTE_RW | nx;
}

static void map_gib_2m(uint64_t *pd, uint64_t gib)
{
	for (uint64_t i = 0; i < 512; i++)
		pd[i] = (gib * SZ_1G + i * SZ_2M) | PTE_P | PTE_RW | PTE_PS | uk_kvm_nx_mask;
}

void kvm_paging_init(void)
{
	uint64_t last = ((uintptr_t)__uk_image_end - 1) / SZ_2M;
	uint64_t top = kvm_mem_ram_top();
	uint64_t ngib;

	/*
	 * GiB 0: 4 KiB tables over the image's chunks, 2 MiB pages elsewhere.
	 * We run from these very entries, so each PT is complete before its PD
	 * entry changes, and the image's chunks never pass through an NX state.
	 */
	for (uint64_t c = 0; c < 512; c++) {
		uint64_t *pt;

		if (c > last) {
			uk_kvm_pd0[c] = (c * SZ_2M) | PTE_P | PTE_RW | PTE_PS | uk_kvm_nx_mask;
			continue;
		}
		pt = kvm_mem_early_page();
		for (uint64_t i = 0; i < 512; i++) {
			uint64_t a = c * SZ_2M + i * KVM_PAGE_SIZE;
			uint64_t f = page_flags(a);

			pt[i] = f ? (a | f) : 0;
		}
		uk_kvm_pd0[c] = (uintptr_t)pt | PTE_P | PTE_RW;
	}

	/* Other GiBs: RAM and the device hole below 4 GiB. */
	ngib = (top + SZ_1G - 1) / SZ_1G;
	if (ngib < MMIO_GIB + 1)
		ngib = MMIO_GIB + 1;
	if (ngib > 512)
		ngib = 512;
	for (uint64_t g = 1; g < ngib; g++) {
		uint64_t *pd;

		if (g != MMIO_GIB && !kvm_mem_ram_overlaps(g * SZ_1G, (g + 1) * SZ_1G))
			continue;
		pd = kvm_mem_early_page();
		map_gib_2m(pd, g);
		uk_kvm_pdpt[g] = (uintptr_t)pd | PTE_P | PTE_RW;
	}

	/* The boot map was wider (RWX everywhere): drop all stale entries. */
	write_cr3(read_cr3());
}

/* Is addr mapped? Used by the exception reporter before it dereferences. */
int kvm_pt_mapped(uint64_t addr)
{
	const uint64_t *t = uk_kvm_pml4;
	uint64_t e;

	if (addr >> 47)
		return 0;
	e = t[(addr >> 39) & 511];
	if (!(e & PTE_P))
		return 0;
	t = (const uint64_t *)(uintptr_t)(e & PTE_ADDR);
	e = t[(addr >> 30) & 511];
	if (!(e & PTE_P))
		return 0;
	if (e & PTE_PS)
		return 1;
	t = (const uint64_t *)(uintptr_t)(e & PTE_ADDR);
	e = t[(addr >> 21) & 511];
	if (!(e & PTE_P))
		return 0;
	if (e & PTE_PS)
		return 1;
	t = (const uint64_t *)(uintptr_t)(e & PTE_ADDR);
	return (t[(addr >> 12) & 511] & PTE_P) != 0;
}
