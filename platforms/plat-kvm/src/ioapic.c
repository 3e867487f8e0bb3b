/*
 * I/O APIC routing for device interrupt lines: PCI INTx on -machine pc
 * (the firmware's interrupt-line register is the GSI; QEMU wires PCI links
 * to the IOAPIC pin of the same number, level-triggered, active high) and
 * virtio-mmio on microvm (level, active high too). GSIs 0-23 are on the
 * IOAPIC at 0xfec00000, 24-47 on microvm's second one at 0xfec10000.
 */
#include "kvm_bus.h"

#define IOAPIC0 0xfec00000ULL
#define IOAPIC_STRIDE 0x10000ULL
#define IOAPIC_PINS 24
#define IOREGSEL 0
#define IOWIN 4 /* in 32-bit words: offset 0x10 */
#define IOAPIC_VER 0x01
#define REDTBL(pin) (0x10 + 2 * (pin))
#define RTE_LEVEL (1u << 15)
#define RTE_MASKED (1u << 16)

static volatile uint32_t *ioapic_for(unsigned gsi, unsigned *pin)
{
	volatile uint32_t *io;
	uint64_t base = IOAPIC0 + (gsi / IOAPIC_PINS) * IOAPIC_STRIDE;
	uint32_t ver;

	if (gsi >= 2 * IOAPIC_PINS || kvm_pt_map_device(base, 0x20) != 0)
		return 0;
	io = (volatile uint32_t *)(uintptr_t)base;
	*pin = gsi % IOAPIC_PINS;
	io[IOREGSEL] = IOAPIC_VER;
	ver = io[IOWIN];
	/* Absent (all ones) or fewer pins than asked for. */
	if (ver == 0xffffffffu || ((ver >> 16) & 0xff) < *pin)
		return 0;
	return io;
}

static void rte_write(volatile uint32_t *io, unsigned reg, uint32_t v)
{
	io[IOREGSEL] = reg;
	io[IOWIN] = v;
}

static uint32_t rte_read(volatile uint32_t *io, unsigned reg)
{
	io[IOREGSEL] = reg;
	return io[IOWIN];
}

int kvm_ioapic_route(unsigned gsi, uint8_t vector, uint32_t apic_id)
{
	unsigned pin;
	volatile uint32_t *io = ioapic_for(gsi, &pin);

	if (!io)
		return -1;
	/* Destination first, while the entry is still masked. */
	rte_write(io, REDTBL(pin), RTE_MASKED);
	rte_write(io, REDTBL(pin) + 1, apic_id << 24);
	rte_write(io, REDTBL(pin), RTE_LEVEL | vector);
	return 0;
}

void kvm_ioapic_mask(unsigned gsi, int masked)
{
	unsigned pin;
	volatile uint32_t *io = ioapic_for(gsi, &pin);
	uint32_t v;

	if (!io)
		return;
	v = rte_read(io, REDTBL(pin));
	rte_write(io, REDTBL(pin), masked ? v | RTE_MASKED : v & ~RTE_MASKED);
}
