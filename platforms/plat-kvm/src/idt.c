/*
 * Exception handling setup: a TSS whose IST1 points at a dedicated stack,
 * and an IDT whose 32 exception gates all switch to it. Running handlers on
 * their own stack is what lets a boot-stack overflow (a page fault on the
 * guard page) be reported instead of escalating to a triple fault.
 * Interrupt gates (vectors 32-63) are filled only when the timer is set up
 * (apic.c); until then interrupts stay disabled.
 */
#include "kvm_bus.h"

#define SEL_CODE64 0x08
#define SEL_TSS 0x18
#define NVEC 64 /* 32 exceptions, then the interrupt vectors of kvm.h */
#define NEXC 32
#define GATE_INTR64 0x8e /* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
} __attribute__((packed));

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed, aligned(16)));

extern char uk_kvm_trap_stubs[], uk_kvm_irq_timer[], uk_kvm_irq_ignore[];

static struct idt_gate idt[NVEC] __attribute__((aligned(16)));
static struct tss64 tss;

static void set_gate(int v, uint64_t h, int ist)
{
	idt[v].off_lo = h & 0xffff;
	idt[v].sel = SEL_CODE64;
	idt[v].ist = (uint8_t)ist;
	idt[v].type = GATE_INTR64;
	idt[v].off_mid = (h >> 16) & 0xffff;
	idt[v].off_hi = h >> 32;
}

void kvm_traps_init(void)
{
	uint64_t base = (uintptr_t)&tss, limit = sizeof(tss) - 1;
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	tss.ist[0] = (uintptr_t)uk_kvm_ist_top;
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */

	/* 16-byte system descriptor, type 0x9 (available 64-bit TSS). */
	uk_kvm_gdt[SEL_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
				  (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
				  (((base >> 24) & 0xff) << 56);
	uk_kvm_gdt[SEL_TSS / 8 + 1] = base >> 32;
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS) : "memory");

	for (int v = 0; v < NEXC; v++)
		set_gate(v, (uintptr_t)uk_kvm_trap_stubs + 16 * v, 1);
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

/*
 * Interrupts run on the interrupted thread's stack (IST 0): they nest in
 * nothing and the timer handler only sets a flag.
 */
void kvm_idt_irq_init(void)
{
	for (int v = NEXC; v < NVEC; v++)
		set_gate(v, (uintptr_t)uk_kvm_irq_ignore, 0);
	set_gate(KVM_VEC_TIMER, (uintptr_t)uk_kvm_irq_timer, 0);
}

/* A device vector's gate (irq_dev.c), after kvm_idt_irq_init. */
void kvm_idt_set_irq(int vector, void *stub)
{
	set_gate(vector, (uintptr_t)stub, 0);
}
