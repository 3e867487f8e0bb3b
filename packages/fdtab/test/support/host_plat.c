/*
 * Test-only platform for running fdtab's native tests as a static Linux
 * program with no host C library: the uk platform API over raw system calls
 * (console = stdout, clocks, a one-shot "timer" whose idle is a host sleep
 * until the deadline), a bump malloc over a static array, the init and
 * shutdown tables, and a _start that calls test_main() then exit().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <uk/boot.h>
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/plat.h>

int test_main(void);

static long host_sys(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return ret;
}

/* The tests give no console input: it has ended. */
long uk_plat_console_read(char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -1;
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

struct host_timespec {
	long sec, nsec;
};

static uint64_t host_clock(int clk)
{
	struct host_timespec ts;

	host_sys(228 /* clock_gettime */, clk, (long)&ts, 0);
	return (uint64_t)ts.sec * 1000000000ull + (uint64_t)ts.nsec;
}

uint64_t uk_plat_monotonic_ns(void)
{
	return host_clock(1);
}

uint64_t uk_plat_wall_ns(void)
{
	return host_clock(0);
}

static uint64_t timer_deadline = UK_PLAT_TIMER_NONE;
unsigned long test_idle_calls;

void uk_plat_timer_set_handler(uk_plat_timer_fn fn)
{
	(void)fn;
}

void uk_plat_timer_set_deadline(uint64_t ns)
{
	timer_deadline = ns;
}

unsigned long uk_plat_irq_save(void)
{
	return 0;
}

void uk_plat_irq_restore(unsigned long flags)
{
	(void)flags;
}

/* Sleep on the host until the timer's deadline: the CPU is not spun. */
void uk_plat_idle(void)
{
	uint64_t now = uk_plat_monotonic_ns();

	test_idle_calls++;
	if (timer_deadline != UK_PLAT_TIMER_NONE && timer_deadline > now) {
		struct host_timespec ts = { (long)((timer_deadline - now) / 1000000000ull),
					    (long)((timer_deadline - now) % 1000000000ull) };

		host_sys(35 /* nanosleep */, (long)&ts, 0, 0);
	}
}

void uk_plat_exit(int code)
{
	for (;;)
		host_sys(231 /* exit_group */, code, 0, 0);
}

/* A bump allocator: the tests allocate little and need no reuse. */
static _Alignas(16) char heap[1 << 20];
static size_t heap_used;
unsigned long test_frees;

void *malloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n > sizeof(heap) - heap_used)
		return NULL;
	p = heap + heap_used;
	heap_used += n;
	return p;
}

void *calloc(size_t n, size_t size)
{
	char *p = malloc(n * size);

	if (p)
		for (size_t i = 0; i < n * size; i++)
			p[i] = 0;
	return p;
}

void free(void *p)
{
	if (p)
		test_frees++;
}

void uk_boot_shutdown(int code)
{
	for (const struct uk_fini_entry *e = __uk_finitab_end; e > __uk_finitab_start;)
		(--e)->fn();
	uk_plat_exit(code);
}

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
