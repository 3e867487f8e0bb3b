/*
 * dev-probe: what the driver model sees. Prints main's arguments (so tests
 * can check that platform parameters never reach them), every device
 * @uk/bus enumerated in discovery order, and, on kvm, the result of
 * driving each virtio-blk and virtio-rng device the probe driver
 * (virtio_probe.c) took: a block device's capacity and the start of its
 * sector 0, sixteen bytes from an entropy device; and the image parameter
 * probe.say when given (uk_plat_param). Argument "poll" makes
 * the requests complete by polling instead of waiting for the interrupt.
 */
#include <stdio.h>
#include <string.h>
#include <uk/bus.h>
#include <uk/config.h>
#include <uk/plat.h>
#include "probe.h"

static void list_device(const struct uk_bus_dev *d)
{
	char name[40];

	printf("dev %u %s", d->index, uk_bus_dev_name(d, name, sizeof(name)));
	if (d->kind == UK_BUS_PCI) {
		printf(" pci %04x:%04x class %02x%02x", d->u.pci.vendor, d->u.pci.device,
		       d->u.pci.class_code, d->u.pci.subclass);
		if (d->u.pci.irq_pin)
			printf(" irq %u", d->u.pci.irq_line);
	} else if (d->kind == UK_BUS_VIRTIO_MMIO)
		printf(" mmio base 0x%llx size 0x%llx irq %u", (unsigned long long)d->u.mmio.base,
		       (unsigned long long)d->u.mmio.size, d->u.mmio.irq);
	else if (d->kind == UK_BUS_HOST && d->u.host.kind == UK_BUS_HOST_NET)
		printf(" host net %s", d->u.host.path);
	else if (d->kind == UK_BUS_HOST)
		printf(" host disk %s%s", d->u.host.path, d->u.host.readonly ? " ro" : "");
	printf(" driver %s\n", d->driver ? d->driver->name : "-");
}

int main(int argc, char *argv[])
{
	int poll = 0;

	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++) {
		printf("argv[%d] [%s]\n", i, argv[i]);
		if (!strcmp(argv[i], "poll"))
			poll = 1;
	}
	for (int i = 0; i < uk_bus_dev_count(); i++)
		list_device(uk_bus_dev_get(i));
	if (uk_plat_param("probe.say"))
		printf("param probe.say [%s]\n", uk_plat_param("probe.say"));
	return probe_run(poll);
}
