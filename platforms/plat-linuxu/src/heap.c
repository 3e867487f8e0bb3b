/*
 * Memory of a linuxu image: one anonymous mapping reserved at start-up
 * (MAP_NORESERVE, so an unused heap costs nothing) and reported to the
 * allocators as the single free region. It is placed at 1 MiB, below the
 * image (link.ld), as kvm's heap is, so it covers 4 MiB where non-PIE Linux
 * programs are linked and a program loader can take their addresses from
 * the allocator. Where that range is taken (a heap too large to fit below
 * the image, a kernel without MAP_FIXED_NOREPLACE), it goes anywhere.
 */
#include <uk/plat.h>
#include "linuxu.h"
#include "syscall.h"

#ifndef CONFIG_UK_PLAT_LINUXU_HEAP_SIZE
#define CONFIG_UK_PLAT_LINUXU_HEAP_SIZE (64 << 20)
#endif

#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 0x02
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define MAP_FIXED_NOREPLACE 0x100000
#define HEAP_BASE 0x100000L

extern char __uk_image_start[], __uk_image_end[];

static struct uk_plat_memregion regions[2];
static int region_count;

void uk_linuxu_heap_init(void)
{
	regions[0] = (struct uk_plat_memregion){
		.base = (uintptr_t)__uk_image_start,
		.len = (size_t)(__uk_image_end - __uk_image_start),
		.kind = UK_PLAT_MEM_IMAGE,
	};
	region_count = 1;
	long flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	long p = linux_syscall6(LINUX_SYS_mmap, HEAP_BASE, CONFIG_UK_PLAT_LINUXU_HEAP_SIZE,
				PROT_READ | PROT_WRITE, flags | MAP_FIXED_NOREPLACE, -1, 0);
	if (p < 0 && p > -4096)
		p = linux_syscall6(LINUX_SYS_mmap, 0, CONFIG_UK_PLAT_LINUXU_HEAP_SIZE,
				   PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p < 0 && p > -4096)
		return; /* no heap: allocators see no free memory and fail cleanly */
	regions[1] = (struct uk_plat_memregion){
		.base = (uintptr_t)p,
		.len = CONFIG_UK_PLAT_LINUXU_HEAP_SIZE,
		.kind = UK_PLAT_MEM_FREE,
	};
	region_count = 2;
}

int uk_plat_memregion_count(void)
{
	return region_count;
}

int uk_plat_memregion_get(int i, struct uk_plat_memregion *out)
{
	if (i < 0 || i >= region_count)
		return -1;
	*out = regions[i];
	return 0;
}
