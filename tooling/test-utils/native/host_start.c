/*
 * What every package's test-only host platform shares, for native tests run
 * as static Linux programs with no host C library: raw system calls, the
 * console on stdout, exit, the shutdown hooks, and a _start that runs the
 * init table (bracketed by tables.ld), then test_main(), then exit(). The
 * package's own host_plat.c adds what its tests need of the platform API
 * (memory regions, clocks, a timer...).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <uk/boot.h>
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/plat.h>
#include "host_sys.h"

long host_sys(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return ret;
}

void uk_plat_console_write(const char *buf, size_t len)
{
	while (len) {
		long n = host_sys(1 /* write */, 1, (long)buf, (long)len);

		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

void uk_plat_exit(int code)
{
	if (code < 0 || code > 127)
		code = 127;
	for (;;)
		host_sys(231 /* exit_group */, code, 0, 0);
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
