/*
 * Test-only platform for running libc's native tests as a static Linux
 * program: the uk platform API over raw system calls, a 4 MiB array as the
 * one free memory region, the booter's init table and shutdown (bracketed
 * by tables.ld; an allocator linked in boots from the init table), and a
 * _start that calls test_main() and then exit(). Nothing of the host's C
 * library is linked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <uk/boot.h>
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/plat.h>

int test_main(void);

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

void uk_plat_console_write(const char *buf, size_t len)
{
	while (len) {
		long n = sys3(1 /* write */, 1, (long)buf, (long)len);

		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

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

void uk_plat_exit(int code)
{
	if (code < 0 || code > 127)
		code = 127;
	for (;;)
		sys3(231 /* exit_group */, code, 0, 0);
}

void uk_boot_shutdown(int code)
{
	for (const struct uk_fini_entry *e = __uk_finitab_end; e > __uk_finitab_start;)
		(--e)->fn();
	uk_plat_exit(code);
}

/* The kernel enters with an aligned stack and no return address. */
__asm__(".globl _start\n"
	"_start:\n"
	"\txor %ebp, %ebp\n"
	"\tand $-16, %rsp\n"
	"\tcall __test_start\n"
	"\thlt\n");

__attribute__((used)) void __test_start(void)
{
	for (const struct uk_init_entry *e = __uk_inittab_start; e < __uk_inittab_end; e++)
		if (e->fn() != 0)
			uk_plat_exit(UK_EXIT_INIT_FAILED);
	exit(test_main());
}
