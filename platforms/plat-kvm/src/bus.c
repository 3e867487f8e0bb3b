/*
 * The driver model on kvm: the device table, filled once on the first
 * request (PCI when a host bridge answers, as on -machine pc; virtio-mmio
 * otherwise, as on -machine microvm), and the probe loop that offers each
 * unclaimed device to a driver. Drivers reach uk_bus_probe through their
 * UK_BUS_DRIVER init entry, so an image without one links none of this.
 */
#include <uk/plat.h>
#include "kvm_bus.h"

static struct uk_bus_dev devs[KVM_BUS_MAX_DEVS];
static int ndevs, enumerated, table_full;
/* PCI devices whose BARs were sized and decoding and bus mastering enabled. */
static uint8_t pci_ready[KVM_BUS_MAX_DEVS];

struct uk_bus_dev *kvm_bus_add(enum uk_bus_kind kind)
{
	struct uk_bus_dev *d;

	if (ndevs == KVM_BUS_MAX_DEVS) {
		if (!table_full)
			kvm_puts("[uk-bus] more devices than the table holds; the rest are ignored\n");
		table_full = 1;
		return 0;
	}
	d = &devs[ndevs];
	d->kind = kind;
	d->index = (unsigned)ndevs++;
	return d;
}

static void enumerate(void)
{
	if (enumerated)
		return;
	enumerated = 1;
	/* microvm has no PCI (without ACPI and pcie=on); pc has no virtio-mmio. */
	if (kvm_pci_enumerate() < 0)
		kvm_mmio_enumerate();
}

int uk_bus_dev_count(void)
{
	enumerate();
	return ndevs;
}

struct uk_bus_dev *uk_bus_dev_get(int i)
{
	enumerate();
	return i >= 0 && i < ndevs ? &devs[i] : 0;
}

static char *put_hex(char *p, char *end, uint64_t v, int digits)
{
	for (int i = digits - 1; i >= 0 && p < end; i--)
		*p++ = "0123456789abcdef"[(v >> (4 * i)) & 0xf];
	return p;
}

static char *put_str(char *p, char *end, const char *s)
{
	while (*s && p < end)
		*p++ = *s++;
	return p;
}

char *uk_bus_dev_name(const struct uk_bus_dev *dev, char *buf, size_t len)
{
	char *p = buf, *end;

	if (!len)
		return buf;
	end = buf + len - 1;
	if (dev->kind == UK_BUS_PCI) {
		p = put_str(p, end, "pci ");
		p = put_hex(p, end, dev->u.pci.bus, 2);
		p = put_str(p, end, ":");
		p = put_hex(p, end, dev->u.pci.slot, 2);
		p = put_str(p, end, ".");
		p = put_hex(p, end, dev->u.pci.func, 1);
	} else if (dev->kind == UK_BUS_VIRTIO_MMIO) {
		int digits = 1;

		while (digits < 16 && dev->u.mmio.base >> (4 * digits))
			digits++;
		p = put_str(p, end, "virtio-mmio@0x");
		p = put_hex(p, end, dev->u.mmio.base, digits);
	} else {
		p = put_str(p, end, "device");
	}
	*p = '\0';
	return buf;
}

void kvm_bus_put_dev(const struct uk_bus_dev *dev)
{
	char name[32];

	kvm_puts(uk_bus_dev_name(dev, name, sizeof(name)));
}

int uk_bus_probe(const struct uk_bus_driver *drv)
{
	char b[21];

	enumerate();
	for (int i = 0; i < ndevs; i++) {
		struct uk_bus_dev *d = &devs[i];
		int rc;

		if (d->driver || !drv->match(d))
			continue;
		d->driver = drv;
		rc = drv->probe(d);
		if (rc < 0) {
			d->driver = 0;
			kvm_puts("[uk-bus] ");
			kvm_puts(drv->name);
			kvm_puts(": ");
			kvm_bus_put_dev(d);
			kvm_puts(": probe failed, error ");
			kvm_puts(kvm_dec(b, (uint64_t)-rc));
			kvm_puts("; the device is left unused\n");
		}
	}
	return 0;
}

volatile void *uk_bus_map(struct uk_bus_dev *dev, int region, uint64_t off, uint64_t len)
{
	uint64_t base, size;

	if (dev->kind == UK_BUS_PCI) {
		const struct uk_bus_bar *bar;

		if (region < 0 || region > 5)
			return 0;
		/*
		 * First map of the device: size its BARs and enable it now, not at
		 * boot, so a driver that sets its device up on first use (9P) and
		 * devices no driver takes cost boot no memory-map rebuild in QEMU.
		 */
		if (!pci_ready[dev->index]) {
			pci_ready[dev->index] = 1;
			kvm_pci_read_bars(&dev->u.pci);
			kvm_pci_enable(&dev->u.pci);
		}
		bar = &dev->u.pci.bar[region];
		if (!bar->base || (bar->flags & UK_BUS_BAR_IO))
			return 0;
		base = bar->base;
		size = bar->size;
	} else if (dev->kind == UK_BUS_VIRTIO_MMIO && region == 0) {
		base = dev->u.mmio.base;
		size = dev->u.mmio.size;
	} else {
		return 0;
	}
	if (off > size || len > size - off || kvm_pt_map_device(base + off, len) != 0)
		return 0;
	return (volatile void *)(uintptr_t)(base + off);
}

uint32_t uk_bus_pci_cfg_read(const struct uk_bus_dev *dev, unsigned off, unsigned width)
{
	if (dev->kind != UK_BUS_PCI || off > 255 || (width != 1 && width != 2 && width != 4) ||
	    (off & (width - 1)))
		return 0xffffffffu;
	return kvm_pci_read(&dev->u.pci, off, width);
}

void uk_bus_pci_cfg_write(const struct uk_bus_dev *dev, unsigned off, unsigned width, uint32_t v)
{
	if (dev->kind != UK_BUS_PCI || off > 255 || (width != 1 && width != 2 && width != 4) ||
	    (off & (width - 1)))
		return;
	kvm_pci_write(&dev->u.pci, off, width, v);
}

#define PCI_STATUS 0x06
#define PCI_STATUS_CAPS 0x10
#define PCI_CAP_PTR 0x34

unsigned uk_bus_pci_cap_find(const struct uk_bus_dev *dev, uint8_t id, unsigned after)
{
	unsigned p;

	if (dev->kind != UK_BUS_PCI || !(kvm_pci_read(&dev->u.pci, PCI_STATUS, 2) & PCI_STATUS_CAPS))
		return 0;
	p = after ? kvm_pci_read(&dev->u.pci, after + 1, 1) : kvm_pci_read(&dev->u.pci, PCI_CAP_PTR, 1);
	/* At most 48 capabilities fit in the 192 bytes after the header: no loops. */
	for (int n = 0; n < 48 && p >= 0x40; n++) {
		p &= 0xfc;
		if (kvm_pci_read(&dev->u.pci, p, 1) == id)
			return p;
		p = kvm_pci_read(&dev->u.pci, p + 1, 1);
	}
	return 0;
}
