/*
 * Test-only platform for running libc's native tests as a static Linux
 * program, beside @uk/test-utils' host_start.c (system calls, console,
 * exit, shutdown, _start): a 4 MiB array as the one free memory region (an
 * allocator linked in boots from the init table), cycles from rdtsc, no
 * command line or parameters. Nothing of the host's C library is linked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <uk/plat.h>

static _Alignas(4096) char heap[4 << 20];

int uk_plat_memregion_count(void)
{
	return 2;
}

int uk_plat_memregion_get(int i, struct uk_plat_memregion *out)
{
	if (i == 0) {
		/* Something not free, to check the allocator skips it. */
		out->base = 0;
		out->len = 4096;
		out->kind = UK_PLAT_MEM_RESERVED;
		return 0;
	}
	if (i == 1) {
		out->base = (uintptr_t)heap;
		out->len = sizeof(heap);
		out->kind = UK_PLAT_MEM_FREE;
		return 0;
	}
	return -1;
}

uint64_t uk_plat_cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint64_t uk_plat_entry_cycles(void)
{
	return 0;
}

uint64_t uk_plat_cycles_to_ns(uint64_t cycles)
{
	return cycles;
}

uint64_t uk_plat_monotonic_ns(void)
{
	return uk_plat_cycles();
}

const char *uk_plat_cmdline(void)
{
	return "";
}

/* No image parameters: getenv finds nothing. */
const char *uk_plat_param(const char *key)
{
	(void)key;
	return NULL;
}
