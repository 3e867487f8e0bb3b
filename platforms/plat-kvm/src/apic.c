/*
 * Interrupts and the one-shot timer on kvm: the local APIC timer in
 * one-shot mode (QEMU's TCG APIC has no TSC-deadline mode), armed only for
 * the scheduler's next deadline -- there is no periodic tick. Set up the
 * first time a timer handler is installed, so images without a scheduler
 * never enable interrupts; its rate is measured only when the first
 * deadline is armed, so an image that never sleeps with a deadline never
 * waits for the measurement (nor for the TSC's). Device interrupts (irq_dev.c) share the local
 * APIC setup but not the timer's calibration. The legacy 8259 PICs are remapped away from the
 * exception vectors and masked (SeaBIOS leaves them at vectors 8-15).
 */
#include <uk/plat.h>
#include "cpu.h"
#include "kvm.h"
#include "kvm_bus.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_ID 0x20
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0
#define LVT_MASKED (1u << 16)
#define DIV_16 0x3
#define CAL_NS 250000ull /* 0.25 ms: ~15,000 ticks at QEMU's 1 GHz / 16 */

static volatile uint32_t *apic;
/* APIC timer ticks per TSC cycle, in 32.32 fixed point; 0 until measured. */
static uint64_t ticks_per_cycle_q32;
static uk_plat_timer_fn handler;
static int timer_ready;
/*
 * The deadline the APIC timer counts to, UK_PLAT_TIMER_NONE when it is
 * stopped or has fired. Each write of the timer's count costs QEMU a timer
 * change and, when that timer is its earliest, a wake-up of its main loop
 * (an eventfd write from the vCPU thread): under TCG that is ~2 syscalls
 * per request for a server that arms a 1 ms wait every time it goes idle.
 * So a later deadline, or none, leaves an earlier one armed: the timer
 * fires early, once, and whoever sleeps looks at the time and arms again.
 */
static uint64_t armed = UK_PLAT_TIMER_NONE;

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void apic_w(uint32_t reg, uint32_t v)
{
	apic[reg / 4] = v;
}

static inline uint32_t apic_r(uint32_t reg)
{
	return apic[reg / 4];
}

/* Remap both PICs to vectors 0x20-0x2f (ignored) and mask every line. */
static void pic_disable(void)
{
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, KVM_VEC_PIC);
	outb(0xa1, KVM_VEC_PIC + 8);
	outb(0x21, 4);
	outb(0xa1, 2);
	outb(0x21, 1);
	outb(0xa1, 1);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/*
 * How fast the APIC timer counts (divided by 16) against the TSC itself, not
 * against nanoseconds: the ratio of two counters does not change when the
 * TSC's rate is refined later (tsc.c), and deadlines are converted to cycles
 * at the current rate. Each counter read is bracketed by TSC reads; a window
 * whose ends took long (the vCPU was descheduled) is measured again.
 */
static void calibrate(void)
{
	uint64_t window = kvm_tsc_ns_to_cycles(CAL_NS), t0, t1, w;
	uint32_t c0, c1;

	apic_w(APIC_TIMER_DIV, DIV_16);
	apic_w(APIC_LVT_TIMER, LVT_MASKED | KVM_VEC_TIMER);
	for (int tries = 0; tries < 8; tries++) {
		apic_w(APIC_TIMER_INIT, 0xffffffffu);
		t0 = rdtsc();
		c0 = apic_r(APIC_TIMER_CUR);
		w = rdtsc() - t0;
		while (rdtsc() - t0 < window)
			;
		t1 = rdtsc();
		c1 = apic_r(APIC_TIMER_CUR);
		w += rdtsc() - t1;
		if (w * 100 <= window)
			break;
	}
	apic_w(APIC_TIMER_INIT, 0);
	ticks_per_cycle_q32 = ((uint64_t)(c0 - c1) << 32) / (t1 - t0);
	if (!ticks_per_cycle_q32)
		ticks_per_cycle_q32 = 1;
}

/*
 * Local APIC on, legacy PICs masked, interrupt gates filled: what both the
 * timer and device interrupts need. Once; interrupts stay disabled.
 */
void kvm_lapic_enable(void)
{
	uint64_t base;

	if (apic)
		return;
	base = rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	apic = (volatile uint32_t *)(uintptr_t)(base & 0xfffff000u);
	/* Uncached, as device registers must be (the boot map is write-back). */
	kvm_pt_map_device(base & 0xfffff000u, KVM_PAGE_SIZE);
	pic_disable();
	apic_w(APIC_LVT_LINT0, LVT_MASKED);
	apic_w(APIC_LVT_LINT1, LVT_MASKED);
	apic_w(APIC_SVR, 0x100 | KVM_VEC_SPURIOUS); /* software enable */
	kvm_idt_irq_init();
}

void kvm_lapic_eoi(void)
{
	apic_w(APIC_EOI, 0);
}

uint32_t kvm_lapic_id(void)
{
	return apic_r(APIC_ID) >> 24;
}

static void timer_init(void)
{
	kvm_lapic_enable();
	timer_ready = 1;
}

/* Called from the timer interrupt stub (irq.S) with interrupts off. */
void kvm_timer_irq(void);
void kvm_timer_irq(void)
{
	apic_w(APIC_EOI, 0);
	armed = UK_PLAT_TIMER_NONE;
	if (handler)
		handler();
}

void uk_plat_timer_set_handler(uk_plat_timer_fn fn)
{
	if (!timer_ready)
		timer_init();
	handler = fn;
	__asm__ volatile("sti" : : : "memory");
}

void uk_plat_timer_set_deadline(uint64_t deadline)
{
	uint64_t now, due, ticks;

	if (!timer_ready)
		return;
	/* An earlier deadline still ahead stays armed (see armed). */
	if (armed != UK_PLAT_TIMER_NONE && armed <= deadline && armed > uk_plat_monotonic_ns())
		return;
	/* Disarming: nothing is ahead (that returned above), so nothing to stop. */
	if (deadline == UK_PLAT_TIMER_NONE) {
		armed = UK_PLAT_TIMER_NONE;
		return;
	}
	if (!ticks_per_cycle_q32) {
		calibrate();
		apic_w(APIC_LVT_TIMER, KVM_VEC_TIMER); /* one-shot, unmasked */
	}
	now = uk_plat_monotonic_ns();
	due = kvm_tsc_refine_due_ns();
	if (due < deadline) /* wake early once so the clock's rate gets refined */
		deadline = due;
	ticks = deadline > now
		? (uint64_t)(((unsigned __int128)kvm_tsc_ns_to_cycles(deadline - now) * ticks_per_cycle_q32) >> 32) + 1
		: 1;
	/* Longer than the counter holds: fire early, the scheduler re-arms. */
	apic_w(APIC_TIMER_INIT, ticks > 0xffffffffull ? 0xffffffffu : (uint32_t)ticks);
	armed = deadline;
}

unsigned long uk_plat_irq_save(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f & (1ul << 9);
}

void uk_plat_irq_restore(unsigned long flags)
{
	if (flags)
		__asm__ volatile("sti" : : : "memory");
}

void uk_plat_idle(void)
{
	/* sti takes effect after the next instruction: no wake-up is lost. */
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}
