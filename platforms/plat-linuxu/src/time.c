/*
 * Time on linuxu: the host's CLOCK_MONOTONIC (and CLOCK_REALTIME for wall
 * time) through a raw system call, and the TSC for cycle counts. The TSC
 * rate is measured against the host clock the first time a conversion is
 * asked for, never at start-up.
 */
#include <uk/plat.h>
#include "linuxu.h"
#include "syscall.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

struct linux_timespec {
	long tv_sec;
	long tv_nsec;
};

uint64_t uk_linuxu_entry_tsc;
static uint64_t tsc_per_ms; /* 0 until calibrated */

uint64_t uk_plat_monotonic_ns(void)
{
	struct linux_timespec ts;
	linux_syscall2(LINUX_SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t uk_plat_wall_ns(void)
{
	struct linux_timespec ts;
	linux_syscall2(LINUX_SYS_clock_gettime, CLOCK_REALTIME, (long)&ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t uk_plat_cycles(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t uk_plat_entry_cycles(void)
{
	return uk_linuxu_entry_tsc;
}

static void calibrate(void)
{
	uint64_t t0 = uk_plat_monotonic_ns(), c0 = uk_plat_cycles();
	uint64_t t1, c1;
	do {
		t1 = uk_plat_monotonic_ns();
		c1 = uk_plat_cycles();
	} while (t1 - t0 < 2000000); /* 2 ms is enough for a 0.1 % estimate */
	tsc_per_ms = (c1 - c0) * 1000000ull / (t1 - t0);
	if (!tsc_per_ms)
		tsc_per_ms = 1;
}

uint64_t uk_plat_cycles_to_ns(uint64_t cycles)
{
	if (!tsc_per_ms)
		calibrate();
	/*
	 * Split the division so nothing overflows 64 bits and no 128-bit
	 * division helper from libgcc is needed (images link without it).
	 */
	uint64_t whole = cycles / tsc_per_ms, rest = cycles % tsc_per_ms;
	return whole * 1000000u + rest * 1000000u / tsc_per_ms;
}
