/*
 * Modern virtio-pci transport (virtio 1.x, 4.1): the device's vendor
 * capabilities (PCI capability id 0x09) point into its BARs at the common
 * configuration, the notification area, the ISR byte and the
 * device-specific configuration. A device without the first three is not a
 * modern device and is refused; a legacy I/O-port interface, if any, is
 * never used.
 */
#include "virtio_impl.h"

#define PCI_CAP_VENDOR 0x09
#define CAP_CFG_TYPE 3
#define CAP_BAR 4
#define CAP_OFFSET 8
#define CAP_LENGTH 12
#define CAP_NOTIFY_MULT 16
#define CFG_COMMON 1
#define CFG_NOTIFY 2
#define CFG_ISR 3
#define CFG_DEVICE 4

/* Common configuration layout (4.1.4.3). */
#define C_DFSELECT 0x00
#define C_DF 0x04
#define C_GFSELECT 0x08
#define C_GF 0x0c
#define C_MSIX_CONFIG 0x10
#define C_NUM_QUEUES 0x12
#define C_STATUS 0x14
#define C_GENERATION 0x15
#define C_Q_SELECT 0x16
#define C_Q_SIZE 0x18
#define C_Q_MSIX 0x1a
#define C_Q_ENABLE 0x1c
#define C_Q_NOFF 0x1e
#define C_Q_DESC 0x20
#define C_Q_DRIVER 0x28
#define C_Q_DEVICE 0x30
#define COMMON_LEN 0x38

#define R8(vd, o) (*(volatile uint8_t *)((vd)->common + (o)))
#define R16(vd, o) (*(volatile uint16_t *)((vd)->common + (o)))
#define R32(vd, o) (*(volatile uint32_t *)((vd)->common + (o)))

static uint8_t get_status(struct uk_virtio_dev *vd)
{
	return R8(vd, C_STATUS);
}

static void set_status(struct uk_virtio_dev *vd, uint8_t s)
{
	R8(vd, C_STATUS) = s;
}

static uint64_t device_features(struct uk_virtio_dev *vd)
{
	return virtio_features_read(&R32(vd, C_DFSELECT), &R32(vd, C_DF));
}

static void driver_features(struct uk_virtio_dev *vd, uint64_t f)
{
	virtio_features_write(&R32(vd, C_GFSELECT), &R32(vd, C_GF), f);
}

static unsigned queue_count(struct uk_virtio_dev *vd)
{
	return R16(vd, C_NUM_QUEUES);
}

static unsigned queue_max(struct uk_virtio_dev *vd, unsigned index)
{
	if (index >= R16(vd, C_NUM_QUEUES))
		return 0;
	R16(vd, C_Q_SELECT) = (uint16_t)index;
	return R16(vd, C_Q_SIZE);
}

static void put64(struct uk_virtio_dev *vd, unsigned off, uint64_t v)
{
	/* 64-bit fields may be written as two 32-bit halves (4.1.3.1). */
	R32(vd, off) = (uint32_t)v;
	R32(vd, off + 4) = (uint32_t)(v >> 32);
}

static int queue_enable(struct uk_virtio_dev *vd, struct uk_virtqueue *vq)
{
	R16(vd, C_Q_SELECT) = (uint16_t)vq->index;
	R16(vd, C_Q_SIZE) = (uint16_t)vq->size;
	put64(vd, C_Q_DESC, (uintptr_t)vq->desc);
	put64(vd, C_Q_DRIVER, (uintptr_t)vq->avail);
	put64(vd, C_Q_DEVICE, (uintptr_t)vq->used);
	vq->notify = (volatile uint16_t *)(vd->notify_base +
					   (uint32_t)R16(vd, C_Q_NOFF) * vd->notify_mult);
	/* A queue set up after the interrupt was registered gets its vector too. */
	if (vd->irq_mode == UK_BUS_IRQ_MSIX)
		R16(vd, C_Q_MSIX) = 0;
	R16(vd, C_Q_ENABLE) = 1;
	return 0;
}

static void notify(struct uk_virtio_dev *vd, struct uk_virtqueue *vq)
{
	(void)vd;
	*vq->notify = (uint16_t)vq->index;
}

static unsigned isr_ack(struct uk_virtio_dev *vd)
{
	return *vd->isr; /* reading clears it */
}

static int msix_route(struct uk_virtio_dev *vd)
{
	R16(vd, C_MSIX_CONFIG) = 0;
	if (R16(vd, C_MSIX_CONFIG) == VIRTIO_NO_VECTOR)
		return -1;
	for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		if (!vd->vqs[i])
			continue;
		R16(vd, C_Q_SELECT) = (uint16_t)i;
		R16(vd, C_Q_MSIX) = 0;
		if (R16(vd, C_Q_MSIX) == VIRTIO_NO_VECTOR)
			return -1;
	}
	return 0;
}

static uint8_t config_generation(struct uk_virtio_dev *vd)
{
	return R8(vd, C_GENERATION);
}

static uint32_t config_get(struct uk_virtio_dev *vd, unsigned off, unsigned w)
{
	volatile uint8_t *p;

	if (!vd->device)
		return 0; /* a device without configuration (virtio-rng) */
	p = vd->device + off;
	if (w == 4)
		return *(volatile uint32_t *)p;
	if (w == 2)
		return *(volatile uint16_t *)p;
	return *p;
}

static void config_set(struct uk_virtio_dev *vd, unsigned off, unsigned w, uint32_t v)
{
	volatile uint8_t *p;

	if (!vd->device)
		return;
	p = vd->device + off;
	if (w == 4)
		*(volatile uint32_t *)p = v;
	else if (w == 2)
		*(volatile uint16_t *)p = (uint16_t)v;
	else
		*p = (uint8_t)v;
}

static const struct virtio_transport pci_transport = {
	get_status, set_status, device_features, driver_features, queue_count, queue_max,
	queue_enable, notify, isr_ack, msix_route, config_generation, config_get, config_set,
};

/* Map the region a capability points at; NULL if it is not usable. */
static volatile uint8_t *cap_region(struct uk_bus_dev *dev, unsigned cap, uint32_t min_len)
{
	unsigned bar = uk_bus_pci_cfg_read(dev, cap + CAP_BAR, 1);
	uint32_t off = uk_bus_pci_cfg_read(dev, cap + CAP_OFFSET, 4);
	uint32_t len = uk_bus_pci_cfg_read(dev, cap + CAP_LENGTH, 4);

	if (bar > 5 || len < min_len)
		return 0;
	return uk_bus_map(dev, (int)bar, off, len);
}

int virtio_pci_init(struct uk_virtio_dev *vd)
{
	struct uk_bus_dev *dev = vd->bus;
	const struct uk_bus_pci *p = &dev->u.pci;

	for (unsigned cap = uk_bus_pci_cap_find(dev, PCI_CAP_VENDOR, 0); cap;
	     cap = uk_bus_pci_cap_find(dev, PCI_CAP_VENDOR, cap)) {
		unsigned type = uk_bus_pci_cfg_read(dev, cap + CAP_CFG_TYPE, 1);

		/* The first capability of each type is the one to use. */
		if (type == CFG_COMMON && !vd->common) {
			vd->common = cap_region(dev, cap, COMMON_LEN);
		} else if (type == CFG_NOTIFY && !vd->notify_base) {
			vd->notify_base = cap_region(dev, cap, 2);
			vd->notify_mult = uk_bus_pci_cfg_read(dev, cap + CAP_NOTIFY_MULT, 4);
		} else if (type == CFG_ISR && !vd->isr) {
			vd->isr = cap_region(dev, cap, 1);
		} else if (type == CFG_DEVICE && !vd->device) {
			vd->device = cap_region(dev, cap, 1);
		}
	}
	if (!vd->common || !vd->notify_base || !vd->isr) {
		virtio_msg(vd, "not a modern (virtio 1.x) PCI device: its capabilities are missing",
			   "uk drives virtio 1.x devices only");
		return -UK_VIRTIO_ENOTSUP;
	}
	vd->device_id = p->device >= 0x1040 ? p->device - 0x1040u : p->subsys_id;
	vd->t = &pci_transport;
	return 0;
}
