/*
 * PCI on kvm (-machine pc): configuration space through the legacy ports
 * 0xcf8/0xcfc, enumeration from bus 0 following PCI-to-PCI bridges (not
 * all 256 buses: each access is a VM exit, so only what exists is read),
 * BARs as the firmware programmed them (sized by the usual all-ones
 * write, when a driver first maps the device: see bus.c), and MSI-X table
 * entry 0 for a driver's interrupt.
 */
#include "cpu.h"
#include "kvm_bus.h"

#define CFG_ADDR 0xcf8
#define CFG_DATA 0xcfc

#define PCI_VENDOR 0x00
#define PCI_DEVICE 0x02
#define PCI_COMMAND 0x04
#define PCI_CMD_IO 0x1
#define PCI_CMD_MEM 0x2
#define PCI_CMD_MASTER 0x4
#define PCI_CMD_INTX_OFF 0x400
#define PCI_REVISION 0x08
#define PCI_HEADER 0x0e
#define PCI_BAR0 0x10
#define PCI_SUBSYS_VENDOR 0x2c
#define PCI_SUBSYS_ID 0x2e
#define PCI_IRQ_LINE 0x3c
#define PCI_IRQ_PIN 0x3d
#define PCI_SECONDARY_BUS 0x19
#define PCI_CAP_MSIX 0x11

static uint32_t addr(unsigned bus, unsigned slot, unsigned func, unsigned off)
{
	return 0x80000000u | bus << 16 | slot << 11 | func << 8 | (off & 0xfc);
}

static uint32_t cfg_read(unsigned bus, unsigned slot, unsigned func, unsigned off, unsigned width)
{
	outl(CFG_ADDR, addr(bus, slot, func, off));
	if (width == 1)
		return inb((uint16_t)(CFG_DATA + (off & 3)));
	if (width == 2)
		return inw((uint16_t)(CFG_DATA + (off & 2)));
	return inl(CFG_DATA);
}

static void cfg_write(unsigned bus, unsigned slot, unsigned func, unsigned off, unsigned width,
		      uint32_t v)
{
	outl(CFG_ADDR, addr(bus, slot, func, off));
	if (width == 1)
		outb((uint16_t)(CFG_DATA + (off & 3)), (uint8_t)v);
	else if (width == 2)
		outw((uint16_t)(CFG_DATA + (off & 2)), (uint16_t)v);
	else
		outl(CFG_DATA, v);
}

uint32_t kvm_pci_read(const struct uk_bus_pci *p, unsigned off, unsigned width)
{
	return cfg_read(p->bus, p->slot, p->func, off, width);
}

void kvm_pci_write(const struct uk_bus_pci *p, unsigned off, unsigned width, uint32_t v)
{
	cfg_write(p->bus, p->slot, p->func, off, width, v);
}

/*
 * Size each BAR by writing all ones (decoding off meanwhile), then restore
 * it. Turning decoding off and on makes QEMU rebuild its memory map twice:
 * 0.1 ms a device under TCG, 0.7 ms for a virtio-9p-pci, hence only for a
 * device a driver maps.
 */
void kvm_pci_read_bars(struct uk_bus_pci *p)
{
	uint32_t cmd = kvm_pci_read(p, PCI_COMMAND, 2);

	kvm_pci_write(p, PCI_COMMAND, 2, cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
	for (int i = 0; i < 6; i++) {
		unsigned off = PCI_BAR0 + 4 * (unsigned)i;
		uint32_t lo = kvm_pci_read(p, off, 4), mask;
		struct uk_bus_bar *bar = &p->bar[i];

		kvm_pci_write(p, off, 4, 0xffffffffu);
		mask = kvm_pci_read(p, off, 4);
		kvm_pci_write(p, off, 4, lo);
		if (!mask)
			continue;
		if (lo & 1) {
			bar->flags = UK_BUS_BAR_IO;
			bar->base = lo & ~3u;
			bar->size = (uint16_t)(~(mask & ~3u) + 1);
			continue;
		}
		bar->flags = lo & 8 ? UK_BUS_BAR_PREFETCH : 0;
		if (((lo >> 1) & 3) == 2 && i < 5) {
			uint32_t hi = kvm_pci_read(p, off + 4, 4), mhi;
			uint64_t m;

			kvm_pci_write(p, off + 4, 4, 0xffffffffu);
			mhi = kvm_pci_read(p, off + 4, 4);
			kvm_pci_write(p, off + 4, 4, hi);
			m = ((uint64_t)mhi << 32) | (mask & ~0xfu);
			bar->flags |= UK_BUS_BAR_MEM64;
			bar->base = ((uint64_t)hi << 32) | (lo & ~0xfu);
			bar->size = ~m + 1;
			i++; /* the upper half is not a BAR of its own */
		} else {
			bar->base = lo & ~0xfu;
			bar->size = (uint32_t)(~(mask & ~0xfu) + 1);
		}
	}
	kvm_pci_write(p, PCI_COMMAND, 2, cmd);
}

static void scan_bus(unsigned bus, int depth);

static void scan_func(unsigned bus, unsigned slot, unsigned func, int depth)
{
	uint32_t id = cfg_read(bus, slot, func, PCI_VENDOR, 4);
	uint32_t class = cfg_read(bus, slot, func, PCI_REVISION, 4);
	unsigned type = cfg_read(bus, slot, func, PCI_HEADER, 1) & 0x7f;
	struct uk_bus_dev *d;
	struct uk_bus_pci *p;

	if ((id & 0xffff) == 0xffff)
		return;
	d = kvm_bus_add(UK_BUS_PCI);
	if (!d)
		return;
	p = &d->u.pci;
	p->bus = (uint8_t)bus;
	p->slot = (uint8_t)slot;
	p->func = (uint8_t)func;
	p->vendor = (uint16_t)id;
	p->device = (uint16_t)(id >> 16);
	p->revision = (uint8_t)class;
	p->prog_if = (uint8_t)(class >> 8);
	p->subclass = (uint8_t)(class >> 16);
	p->class_code = (uint8_t)(class >> 24);
	if (type == 0) {
		p->subsys_vendor = (uint16_t)kvm_pci_read(p, PCI_SUBSYS_VENDOR, 2);
		p->subsys_id = (uint16_t)kvm_pci_read(p, PCI_SUBSYS_ID, 2);
		p->irq_line = (uint8_t)kvm_pci_read(p, PCI_IRQ_LINE, 1);
		p->irq_pin = (uint8_t)kvm_pci_read(p, PCI_IRQ_PIN, 1);
	} else if (type == 1) {
		unsigned secondary = kvm_pci_read(p, PCI_SECONDARY_BUS, 1);

		/* Only downwards, and not deeper than PCI allows: no loops. */
		if (secondary > bus && depth < 8)
			scan_bus(secondary, depth + 1);
	}
}

static void scan_bus(unsigned bus, int depth)
{
	for (unsigned slot = 0; slot < 32; slot++) {
		if ((cfg_read(bus, slot, 0, PCI_VENDOR, 2) & 0xffff) == 0xffff)
			continue;
		scan_func(bus, slot, 0, depth);
		if (cfg_read(bus, slot, 0, PCI_HEADER, 1) & 0x80)
			for (unsigned f = 1; f < 8; f++)
				scan_func(bus, slot, f, depth);
	}
}

int kvm_pci_enumerate(void)
{
	if ((cfg_read(0, 0, 0, PCI_VENDOR, 2) & 0xffff) == 0xffff)
		return -1;
	scan_bus(0, 0);
	return 0;
}

void kvm_pci_enable(const struct uk_bus_pci *p)
{
	uint32_t cmd = kvm_pci_read(p, PCI_COMMAND, 2) | PCI_CMD_MASTER;

	for (int i = 0; i < 6; i++) {
		if (!p->bar[i].base)
			continue;
		cmd |= p->bar[i].flags & UK_BUS_BAR_IO ? PCI_CMD_IO : PCI_CMD_MEM;
	}
	kvm_pci_write(p, PCI_COMMAND, 2, cmd);
}

/* MSI-X capability: message control, then table offset | BAR index. */
#define MSIX_CTRL 2
#define MSIX_TABLE 4
#define MSIX_ENABLE 0x8000
#define MSIX_FUNC_MASK 0x4000
#define MSIX_ENTRY_SIZE 16

static volatile uint32_t *msix_entry0(struct uk_bus_dev *dev, unsigned cap)
{
	uint32_t t = kvm_pci_read(&dev->u.pci, cap + MSIX_TABLE, 4);

	return uk_bus_map(dev, (int)(t & 7), t & ~7u, MSIX_ENTRY_SIZE);
}

int kvm_pci_msix_route(struct uk_bus_dev *dev, uint8_t vector, uint32_t apic_id)
{
	unsigned cap = uk_bus_pci_cap_find(dev, PCI_CAP_MSIX, 0);
	volatile uint32_t *e;
	uint32_t ctrl;

	if (!cap || !(e = msix_entry0(dev, cap)))
		return -1;
	/* Fixed delivery, physical destination, edge: the simplest message. */
	e[0] = 0xfee00000u | (apic_id & 0xff) << 12;
	e[1] = 0;
	e[2] = vector;
	e[3] = 0; /* unmasked */
	ctrl = kvm_pci_read(&dev->u.pci, cap + MSIX_CTRL, 2);
	kvm_pci_write(&dev->u.pci, cap + MSIX_CTRL, 2, (ctrl | MSIX_ENABLE) & ~MSIX_FUNC_MASK);
	/* MSI-X replaces INTx; say so in the command register too. */
	kvm_pci_write(&dev->u.pci, PCI_COMMAND, 2,
		      kvm_pci_read(&dev->u.pci, PCI_COMMAND, 2) | PCI_CMD_INTX_OFF);
	return 0;
}

void kvm_pci_msix_mask(struct uk_bus_dev *dev, int masked)
{
	unsigned cap = uk_bus_pci_cap_find(dev, PCI_CAP_MSIX, 0);
	volatile uint32_t *e = cap ? msix_entry0(dev, cap) : 0;

	if (e)
		e[3] = masked ? 1 : 0;
}
