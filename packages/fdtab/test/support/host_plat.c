/*
 * Test-only platform for running fdtab's native tests as a static Linux
 * program with no host C library, beside @uk/test-utils' host_start.c
 * (system calls, console output, exit, shutdown, _start): no console input,
 * clocks, a one-shot "timer" whose idle is a host sleep until the deadline,
 * and a bump malloc over a static array.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <uk/plat.h>
#include "host_sys.h"

/* The tests give no console input: it has ended. */
long uk_plat_console_read(char *buf, size_t len)
{
	(void)buf;
	(void)len;
	return -1;
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
