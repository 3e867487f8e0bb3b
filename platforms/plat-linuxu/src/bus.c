/*
 * The driver model on linuxu: the devices are the host resources named by
 * the --uk parameters (params.c: disks, network links, 9P volumes), in the order
 * given; there are no interrupts (drivers complete requests synchronously
 * or poll), no device memory and no PCI.
 */
#include <uk/bus.h>
#include <uk/plat.h>
#include "linuxu.h"

static struct uk_bus_dev devs[UK_LINUXU_MAX_HOSTDEVS];
static int ndevs = -1;

static void enumerate(void)
{
	unsigned units[4] = { 0, 0, 0, 0 };

	if (ndevs >= 0)
		return;
	ndevs = 0;
	for (int i = 0; i < uk_linuxu_hostdev_count(); i++) {
		const struct uk_linuxu_hostdev *h = uk_linuxu_hostdev_get(i);
		struct uk_bus_dev *d = &devs[ndevs];
		enum uk_bus_host_kind kind = h->kind == UK_LINUXU_HOST_NET      ? UK_BUS_HOST_NET
					     : h->kind == UK_LINUXU_HOST_VOLUME ? UK_BUS_HOST_VOLUME
										: UK_BUS_HOST_DISK;

		d->kind = UK_BUS_HOST;
		d->index = (unsigned)ndevs++;
		d->u.host.kind = kind;
		d->u.host.unit = units[kind]++;
		d->u.host.path = h->path;
		d->u.host.readonly = h->readonly;
	}
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

static char *put_u(char *p, char *end, unsigned v)
{
	char t[10];
	int n = 0;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 10);
	while (n && p < end)
		*p++ = t[--n];
	return p;
}

static const char *kind_name(const struct uk_bus_dev *dev)
{
	if (dev->kind == UK_BUS_HOST && dev->u.host.kind == UK_BUS_HOST_DISK)
		return "disk";
	if (dev->kind == UK_BUS_HOST && dev->u.host.kind == UK_BUS_HOST_NET)
		return "net";
	if (dev->kind == UK_BUS_HOST && dev->u.host.kind == UK_BUS_HOST_VOLUME)
		return "volume";
	return "device";
}

char *uk_bus_dev_name(const struct uk_bus_dev *dev, char *buf, size_t len)
{
	const char *k = kind_name(dev);
	char *p = buf, *end;

	if (!len)
		return buf;
	end = buf + len - 1;
	while (*k && p < end)
		*p++ = *k++;
	p = put_u(p, end, dev->kind == UK_BUS_HOST ? dev->u.host.unit : dev->index);
	*p = '\0';
	return buf;
}

static void put(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

int uk_bus_probe(const struct uk_bus_driver *drv)
{
	enumerate();
	for (int i = 0; i < ndevs; i++) {
		struct uk_bus_dev *d = &devs[i];
		char name[16], num[12];
		int rc;

		if (d->driver || !drv->match(d))
			continue;
		d->driver = drv;
		rc = drv->probe(d);
		if (rc >= 0)
			continue;
		d->driver = 0;
		*put_u(num, num + sizeof(num) - 1, (unsigned)-rc) = '\0';
		put("[uk-bus] ");
		put(drv->name);
		put(": ");
		put(uk_bus_dev_name(d, name, sizeof(name)));
		put(": probe failed, error ");
		put(num);
		put("; the device is left unused\n");
	}
	return 0;
}

volatile void *uk_bus_map(struct uk_bus_dev *dev, int region, uint64_t off, uint64_t len)
{
	(void)dev, (void)region, (void)off, (void)len;
	return 0;
}

uint32_t uk_bus_pci_cfg_read(const struct uk_bus_dev *dev, unsigned off, unsigned width)
{
	(void)dev, (void)off, (void)width;
	return 0xffffffffu;
}

void uk_bus_pci_cfg_write(const struct uk_bus_dev *dev, unsigned off, unsigned width, uint32_t v)
{
	(void)dev, (void)off, (void)width, (void)v;
}

unsigned uk_bus_pci_cap_find(const struct uk_bus_dev *dev, uint8_t id, unsigned after)
{
	(void)dev, (void)id, (void)after;
	return 0;
}

int uk_bus_irq_register(struct uk_bus_dev *dev, uk_bus_irq_fn fn, void *arg)
{
	(void)dev, (void)fn, (void)arg;
	return -UK_BUS_ENOTSUP;
}

void uk_bus_irq_disable(struct uk_bus_dev *dev)
{
	(void)dev;
}

void uk_bus_irq_enable(struct uk_bus_dev *dev)
{
	(void)dev;
}
