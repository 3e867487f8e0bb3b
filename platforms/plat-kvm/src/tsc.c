/*
 * Time from the TSC. Reading cycles costs nothing at boot; converting them
 * to nanoseconds needs the TSC frequency, which is found on the first
 * conversion -- never at boot -- trying, cheapest first:
 *   1. CPUID leaf 0x15 (crystal ratio), then 0x16 (base MHz);
 *   2. the hypervisor leaf 0x40000010 (TSC kHz, VMware/QEMU convention);
 *   3. kvmclock's scale factors when running on KVM;
 *   4. the i8254 PIT (channel 0), in two steps: a ~0.25 ms measurement
 *      gives a first estimate (within about 1%) without holding up the
 *      first caller, and a later conversion, once ~20 ms have passed,
 *      measures again over that whole interval and refines the rate to a
 *      few parts per million;
 *   5. a guess of 1 GHz if none of these exists, so time still advances.
 * Under TCG (no CPUID or hypervisor leaf tells the rate) the first clock
 * read used to wait ~2 ms; every image that sleeps, waits with a deadline
 * or arms a timer paid it at boot.
 */
#include <uk/plat.h>
#include "cpu.h"
#include "kvm.h"

#define PIT_HZ 1193182ULL
#define PIT_CAL_TICKS 298 /* ~0.25 ms: the first estimate */
#define PIT_PERIOD 65536ULL /* mode 2 with the full reload */
#define REFINE_AFTER_NS 20000000ULL /* refine once this much has passed... */
#define REFINE_BEFORE_NS 2000000000ULL /* ...but before the PIT's wraps blur */
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01
#define KVM_FEATURE_CLOCKSOURCE2 (1 << 3)

/* ns = cycles * ns_mult >> 32, and cycles = ns * cycles_mult >> 32 */
static uint64_t ns_mult, cycles_mult;

/*
 * monotonic ns = base_ns + (tsc - base_tsc) * ns_mult >> 32, so the rate
 * can be refined without time jumping back or forth.
 */
static uint64_t base_tsc, base_ns;

/* The PIT estimate awaiting refinement: where its interval began. */
static struct {
	int pending;
	uint64_t tsc;
	uint16_t count;
} refine;

struct pvclock_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __attribute__((packed));

static struct pvclock_info pvclock __attribute__((aligned(64)));

static uint64_t hz_from_cpuid(void)
{
	uint32_t a, b, c, d, max;

	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c)
			return (uint64_t)c * b / a;
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, &a, &b, &c, &d);
		if (a)
			return (uint64_t)a * 1000000;
	}
	return 0;
}

static uint64_t hz_from_hypervisor(void)
{
	uint32_t a, b, c, d, max, sig[3];
	int kvm;

	if (!hypervisor_leaf(&max, sig))
		return 0;
	kvm = sig[0] == 0x4b4d564b && sig[1] == 0x564b4d56 && sig[2] == 0x4d; /* "KVMKVMKVM" */
	if (max >= 0x40000010 && max < 0x40000100) {
		cpuid(0x40000010, 0, &a, &b, &c, &d);
		if (a >= 1000) /* kHz; below 1 MHz is not a real TSC */
			return (uint64_t)a * 1000;
	}
	if (kvm && max >= 0x40000001) {
		cpuid(0x40000001, 0, &a, &b, &c, &d);
		if (a & KVM_FEATURE_CLOCKSOURCE2) {
			uint64_t hz;
			uint32_t mul;
			int8_t shift;

			wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uintptr_t)&pvclock | 1);
			mul = *(volatile uint32_t *)&pvclock.tsc_to_system_mul;
			shift = *(volatile int8_t *)&pvclock.tsc_shift;
			wrmsr(MSR_KVM_SYSTEM_TIME_NEW, 0); /* stop the updates */
			if (!mul)
				return 0;
			/* ns = (cycles << shift) * mul >> 32, solved for cycles/s. */
			hz = 4294967296000000000ULL / mul;
			return shift >= 0 ? hz >> shift : hz << -shift;
		}
	}
	return 0;
}

/* Latch and read PIT channel 0's current count (it counts down). */
static uint16_t pit0_read(void)
{
	uint8_t lo, hi;

	outb(0x43, 0x00);
	lo = inb(0x40);
	hi = inb(0x40);
	return (uint16_t)(lo | hi << 8);
}

/*
 * Wait for PIT channel 0's count to change from prev. *tsc gets the TSC
 * half-way through the read that saw the change, *width how many cycles
 * that read took: a long one means the vCPU was descheduled around it, and
 * the edge's time is uncertain by that much. *tsc is 0 if nothing counts.
 */
static uint16_t pit0_edge(uint16_t prev, uint64_t *tsc, uint64_t *width)
{
	for (unsigned int same = 0; same <= 1000; same++) {
		uint64_t before = rdtsc();
		uint16_t cur = pit0_read();
		uint64_t after = rdtsc();

		if (cur != prev) {
			*tsc = before + (after - before) / 2;
			*width = after - before;
			return cur;
		}
	}
	*tsc = 0;
	return prev;
}

/* One measurement: cycles over ticks, and how uncertain its two edges are. */
struct pit_sample {
	uint64_t cycles, ticks, edge_cycles;
	uint64_t start_tsc;
	uint16_t start_count;
};

/* PIT_CAL_TICKS of PIT ticks against the TSC; 0 if the PIT does not count. */
static int pit_measure(struct pit_sample *m)
{
	uint64_t t0, t1 = 0, w0, w1 = 0;
	uint16_t prev = pit0_read(), cur;

	/* Start timing on a tick edge. */
	prev = pit0_edge(prev, &t0, &w0);
	if (!t0)
		return 0;
	m->start_tsc = t0;
	m->start_count = prev;
	m->ticks = 0;
	while (m->ticks < PIT_CAL_TICKS) {
		cur = pit0_edge(prev, &t1, &w1);
		if (!t1)
			return 0;
		m->ticks += (uint16_t)(prev - cur);
		prev = cur;
	}
	m->cycles = t1 - t0;
	m->edge_cycles = w0 + w1;
	return 1;
}

/*
 * Channel 0 is used, not the classic channel 2, because channel 2's gate
 * and output live on port 0x61, which microvm does not have. It is set to
 * mode 2 with the full 65536 reload; interrupts are off, so its IRQ 0
 * reaches no one. A measurement whose edges are uncertain by more than 1%
 * of its window (the host ran something else just then -- under load that
 * alone made sleeps 20% short) is taken again; after a few tries the least
 * uncertain one is used. Its start is kept for the refinement.
 */
static uint64_t hz_from_pit(void)
{
	struct pit_sample m, best = { 0, 0, 0, 0, 0 };

	outb(0x43, 0x34); /* channel 0, low then high byte, mode 2, binary */
	outb(0x40, 0);
	outb(0x40, 0);
	for (int tries = 0; tries < 8; tries++) {
		if (!pit_measure(&m))
			return 0;
		/* Compare uncertainty relative to the window, without dividing. */
		if (!best.cycles || m.edge_cycles * best.cycles < best.edge_cycles * m.cycles)
			best = m;
		if (best.edge_cycles * 100 <= best.cycles)
			break;
	}
	refine.pending = 1;
	refine.tsc = best.start_tsc;
	refine.count = best.start_count;
	return best.cycles * PIT_HZ / best.ticks;
}

/* Both factors in 64-bit arithmetic (no 128-bit division: no libgcc here). */
static void set_rate(uint64_t hz)
{
	uint64_t mult = (1000000000ULL << 32) / hz;

	ns_mult = mult ? mult : 1;
	cycles_mult = (hz / 1000000000ULL << 32) + ((hz % 1000000000ULL) << 32) / 1000000000ULL;
}

static uint64_t scale(uint64_t cycles)
{
	return (uint64_t)(((unsigned __int128)cycles * ns_mult) >> 32);
}

static void calibrate(void)
{
	uint64_t hz = hz_from_cpuid();

	if (!hz)
		hz = hz_from_hypervisor();
	if (!hz)
		hz = hz_from_pit();
	if (!hz)
		hz = 1000000000ULL;
	set_rate(hz);
}

/*
 * The second PIT step: the ticks since the estimate's start, counted over
 * the whole interval (the estimate says how many times the counter wrapped;
 * at 1% error that is unambiguous for seconds), give the rate to within a
 * tick in tens of milliseconds. Done at most once, by whichever conversion
 * comes first in the window; a read the vCPU was descheduled around is not
 * used, and a window missed altogether restarts the interval.
 */
static void refine_rate(uint64_t now)
{
	uint64_t elapsed_ns = scale(now - refine.tsc), width, tsc, ticks, wraps;
	uint64_t expected;
	uint16_t count;

	if (elapsed_ns < REFINE_AFTER_NS)
		return;
	if (elapsed_ns >= REFINE_BEFORE_NS) {
		refine.tsc = rdtsc();
		refine.count = pit0_read();
		return;
	}
	tsc = rdtsc();
	count = pit0_read();
	width = rdtsc() - tsc;
	if (width * 1000 > now - refine.tsc)
		return; /* uncertain by more than 0.1%: try at the next read */
	expected = elapsed_ns * PIT_HZ / 1000000000ULL;
	ticks = (uint16_t)(refine.count - count); /* mode 2 counts down */
	wraps = expected > ticks ? (expected - ticks + PIT_PERIOD / 2) / PIT_PERIOD : 0;
	ticks += wraps * PIT_PERIOD;
	refine.pending = 0;
	if (!ticks)
		return;
	/* Keep time continuous: the new rate applies from now on. */
	base_ns += scale(now - base_tsc);
	base_tsc = now;
	set_rate((tsc - refine.tsc) * PIT_HZ / ticks);
}

uint64_t uk_plat_cycles(void)
{
	return rdtsc();
}

uint64_t uk_plat_entry_cycles(void)
{
	return uk_kvm_entry_tsc;
}

uint64_t uk_plat_cycles_to_ns(uint64_t cycles)
{
	if (!ns_mult)
		calibrate();
	return scale(cycles);
}

uint64_t kvm_tsc_ns_to_cycles(uint64_t ns)
{
	if (!ns_mult)
		calibrate();
	return (uint64_t)(((unsigned __int128)ns * cycles_mult) >> 32);
}

/*
 * The timer caps its deadlines here, so the refinement happens even in an
 * image that sleeps for seconds at a time without reading the clock.
 */
uint64_t kvm_tsc_refine_due_ns(void)
{
	if (!refine.pending || refine.tsc < base_tsc)
		return UINT64_MAX;
	return base_ns + scale(refine.tsc - base_tsc) + REFINE_AFTER_NS;
}

uint64_t uk_plat_monotonic_ns(void)
{
	uint64_t now = rdtsc();

	if (!ns_mult)
		calibrate();
	if (refine.pending) {
		unsigned long flags = uk_plat_irq_save();

		if (refine.pending) /* an interrupt handler may have done it */
			refine_rate(now);
		uk_plat_irq_restore(flags);
	}
	/* now predates a refinement an interrupt did meanwhile: no earlier than it. */
	return now < base_tsc ? base_ns : base_ns + scale(now - base_tsc);
}
