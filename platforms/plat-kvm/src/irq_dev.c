/*
 * Device interrupts on kvm (uk_bus_irq_*): each registration gets a vector
 * between the timer's and the spurious one. A PCI device with MSI-X gets a
 * vector of its own, edge-triggered, through its table entry 0; a PCI INTx
 * pin or a virtio-mmio IRQ is a level-triggered IOAPIC line, whose vector
 * is shared by every handler on that line. The stubs (irq_dev.S) call
 * kvm_irq_dev with the vector; handlers run, then the local APIC gets its
 * EOI (which the IOAPIC also sees for level lines: by then the handlers
 * made their devices drop the line).
 *
 * Delivery needs interrupts enabled, which is the scheduler's business
 * (uk/plat.h): this file only routes.
 */
#include <uk/plat.h>
#include "kvm_bus.h"

#define MAX_HANDLERS 16
/* A line nobody claims this many times in a row is masked: it would storm. */
#define UNCLAIMED_LIMIT 10000

struct handler {
	struct uk_bus_dev *dev;
	uk_bus_irq_fn fn;
	void *arg;
	uint8_t vector, msix, enabled;
	unsigned gsi;
};

static struct handler handlers[MAX_HANDLERS];
static int nhandlers;
/* Per device vector: the GSI it serves (line vectors), or -1 for MSI-X. */
static int vec_gsi[KVM_VEC_DEV_COUNT];
static uint8_t vec_used[KVM_VEC_DEV_COUNT];
static unsigned unclaimed[KVM_VEC_DEV_COUNT];

int uk_plat_irq_sources(void)
{
	return nhandlers;
}

static struct handler *handler_of(const struct uk_bus_dev *dev)
{
	for (int i = 0; i < nhandlers; i++)
		if (handlers[i].dev == dev)
			return &handlers[i];
	return 0;
}

static int alloc_vector(int gsi, int *fresh)
{
	/* A line already routed shares its vector. */
	*fresh = 0;
	if (gsi >= 0)
		for (int v = 0; v < KVM_VEC_DEV_COUNT; v++)
			if (vec_used[v] && vec_gsi[v] == gsi)
				return v;
	*fresh = 1;
	for (int v = 0; v < KVM_VEC_DEV_COUNT; v++)
		if (!vec_used[v]) {
			vec_used[v] = 1;
			vec_gsi[v] = gsi;
			kvm_idt_set_irq(KVM_VEC_DEV_FIRST + v, uk_kvm_irq_dev_stubs + 16 * v);
			return v;
		}
	return -1;
}

static int line_of(const struct uk_bus_dev *dev)
{
	if (dev->kind == UK_BUS_VIRTIO_MMIO)
		return (int)dev->u.mmio.irq;
	if (dev->kind == UK_BUS_PCI && dev->u.pci.irq_pin && dev->u.pci.irq_line &&
	    dev->u.pci.irq_line != 0xff)
		return dev->u.pci.irq_line;
	return -1;
}

int uk_bus_irq_register(struct uk_bus_dev *dev, uk_bus_irq_fn fn, void *arg)
{
	struct handler *h;
	int v, gsi = -1, msix = 0, fresh;
	unsigned long f;

	if (handler_of(dev))
		return -UK_BUS_EBUSY;
	if (nhandlers == MAX_HANDLERS)
		return -UK_BUS_ENOSPC;
	kvm_lapic_enable();
	f = uk_plat_irq_save();
	if (dev->kind == UK_BUS_PCI && uk_bus_pci_cap_find(dev, 0x11, 0)) {
		msix = 1;
	} else if ((gsi = line_of(dev)) < 0) {
		uk_plat_irq_restore(f);
		return -UK_BUS_ENOTSUP;
	}
	v = alloc_vector(msix ? -1 : gsi, &fresh);
	if (v < 0) {
		uk_plat_irq_restore(f);
		return -UK_BUS_ENOSPC;
	}
	h = &handlers[nhandlers];
	h->dev = dev;
	h->fn = fn;
	h->arg = arg;
	h->vector = (uint8_t)v;
	h->msix = (uint8_t)msix;
	h->gsi = (unsigned)gsi;
	h->enabled = 1;
	if (msix ? kvm_pci_msix_route(dev, (uint8_t)(KVM_VEC_DEV_FIRST + v), kvm_lapic_id())
		 : kvm_ioapic_route((unsigned)gsi, (uint8_t)(KVM_VEC_DEV_FIRST + v), kvm_lapic_id())) {
		if (fresh)
			vec_used[v] = 0;
		uk_plat_irq_restore(f);
		return -UK_BUS_ENOTSUP;
	}
	nhandlers++;
	uk_plat_irq_restore(f);
	return msix ? UK_BUS_IRQ_MSIX : UK_BUS_IRQ_LINE;
}

/* Is another enabled handler on h's line? Then the line stays unmasked. */
static int line_shared(const struct handler *h)
{
	for (int i = 0; i < nhandlers; i++)
		if (&handlers[i] != h && handlers[i].enabled && handlers[i].vector == h->vector)
			return 1;
	return 0;
}

static void set_enabled(struct uk_bus_dev *dev, int on)
{
	struct handler *h = handler_of(dev);
	unsigned long f;

	if (!h)
		return;
	f = uk_plat_irq_save();
	h->enabled = (uint8_t)on;
	if (h->msix)
		kvm_pci_msix_mask(dev, !on);
	else if (!line_shared(h))
		kvm_ioapic_mask(h->gsi, !on);
	uk_plat_irq_restore(f);
}

void uk_bus_irq_disable(struct uk_bus_dev *dev)
{
	set_enabled(dev, 0);
}

void uk_bus_irq_enable(struct uk_bus_dev *dev)
{
	set_enabled(dev, 1);
}

/* Called by the stubs of irq_dev.S with interrupts off. */
void kvm_irq_dev(uint64_t v);
void kvm_irq_dev(uint64_t v)
{
	int claimed = 0;

	for (int i = 0; i < nhandlers; i++)
		if (handlers[i].vector == v && handlers[i].enabled)
			claimed |= handlers[i].fn(handlers[i].arg) != 0;
	if (claimed || vec_gsi[v] < 0) {
		unclaimed[v] = 0;
	} else if (++unclaimed[v] == UNCLAIMED_LIMIT) {
		char b[21];

		kvm_ioapic_mask((unsigned)vec_gsi[v], 1);
		kvm_puts("[uk-bus] interrupt line ");
		kvm_puts(kvm_dec(b, (uint64_t)vec_gsi[v]));
		kvm_puts(" keeps firing and no handler claims it: masked\n");
	}
	kvm_lapic_eoi();
}
