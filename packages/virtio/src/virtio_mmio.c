/*
 * virtio-mmio transport, version 2 (virtio 1.x, 4.2): one page of
 * registers per device. Version 1 ("legacy", QEMU's default for
 * virtio-mmio) has a different queue layout and no FEATURES_OK; it is
 * refused with the QEMU option that turns it off.
 */
#include "virtio_impl.h"

#define M_MAGIC 0x000
#define M_VERSION 0x004
#define M_DEVICE_ID 0x008
#define M_DEV_FEATURES 0x010
#define M_DEV_FEATURES_SEL 0x014
#define M_DRV_FEATURES 0x020
#define M_DRV_FEATURES_SEL 0x024
#define M_QUEUE_SEL 0x030
#define M_QUEUE_NUM_MAX 0x034
#define M_QUEUE_NUM 0x038
#define M_QUEUE_READY 0x044
#define M_QUEUE_NOTIFY 0x050
#define M_INT_STATUS 0x060
#define M_INT_ACK 0x064
#define M_STATUS 0x070
#define M_QUEUE_DESC 0x080
#define M_QUEUE_DRIVER 0x090
#define M_QUEUE_DEVICE 0x0a0
#define M_GENERATION 0x0fc
#define M_CONFIG 0x100
#define MAGIC 0x74726976
#define REGS_LEN 0x200

#define REG(vd, o) ((vd)->mmio[(o) / 4])

static uint8_t get_status(struct uk_virtio_dev *vd)
{
	return (uint8_t)REG(vd, M_STATUS);
}

static void set_status(struct uk_virtio_dev *vd, uint8_t s)
{
	REG(vd, M_STATUS) = s;
}

static uint64_t device_features(struct uk_virtio_dev *vd)
{
	return virtio_features_read(&REG(vd, M_DEV_FEATURES_SEL), &REG(vd, M_DEV_FEATURES));
}

static void driver_features(struct uk_virtio_dev *vd, uint64_t f)
{
	virtio_features_write(&REG(vd, M_DRV_FEATURES_SEL), &REG(vd, M_DRV_FEATURES), f);
}

static unsigned queue_max(struct uk_virtio_dev *vd, unsigned index)
{
	REG(vd, M_QUEUE_SEL) = index;
	/* A queue already in use belongs to someone else. */
	if (REG(vd, M_QUEUE_READY))
		return 0;
	return REG(vd, M_QUEUE_NUM_MAX);
}

/* MMIO has no queue count: queues are numbered densely from 0. */
static unsigned queue_count(struct uk_virtio_dev *vd)
{
	unsigned n = 0;

	while (n < VIRTIO_MAX_QUEUES) {
		REG(vd, M_QUEUE_SEL) = n;
		if (!REG(vd, M_QUEUE_NUM_MAX))
			break;
		n++;
	}
	return n;
}

static void put64(struct uk_virtio_dev *vd, unsigned off, uint64_t v)
{
	REG(vd, off) = (uint32_t)v;
	REG(vd, off + 4) = (uint32_t)(v >> 32);
}

static int queue_enable(struct uk_virtio_dev *vd, struct uk_virtqueue *vq)
{
	REG(vd, M_QUEUE_SEL) = vq->index;
	REG(vd, M_QUEUE_NUM) = vq->size;
	put64(vd, M_QUEUE_DESC, (uintptr_t)vq->desc);
	put64(vd, M_QUEUE_DRIVER, (uintptr_t)vq->avail);
	put64(vd, M_QUEUE_DEVICE, (uintptr_t)vq->used);
	REG(vd, M_QUEUE_READY) = 1;
	return 0;
}

static void notify(struct uk_virtio_dev *vd, struct uk_virtqueue *vq)
{
	REG(vd, M_QUEUE_NOTIFY) = vq->index;
}

static unsigned isr_ack(struct uk_virtio_dev *vd)
{
	uint32_t s = REG(vd, M_INT_STATUS);

	if (s)
		REG(vd, M_INT_ACK) = s;
	return s;
}

static int msix_route(struct uk_virtio_dev *vd)
{
	(void)vd;
	return -1; /* no MSI-X on MMIO */
}

static uint8_t config_generation(struct uk_virtio_dev *vd)
{
	return (uint8_t)REG(vd, M_GENERATION);
}

static uint32_t config_get(struct uk_virtio_dev *vd, unsigned off, unsigned w)
{
	volatile uint8_t *p = (volatile uint8_t *)vd->mmio + M_CONFIG + off;

	if (M_CONFIG + off + w > REGS_LEN)
		return 0;
	if (w == 4)
		return *(volatile uint32_t *)p;
	if (w == 2)
		return *(volatile uint16_t *)p;
	return *p;
}

static void config_set(struct uk_virtio_dev *vd, unsigned off, unsigned w, uint32_t v)
{
	volatile uint8_t *p = (volatile uint8_t *)vd->mmio + M_CONFIG + off;

	if (M_CONFIG + off + w > REGS_LEN)
		return;
	if (w == 4)
		*(volatile uint32_t *)p = v;
	else if (w == 2)
		*(volatile uint16_t *)p = (uint16_t)v;
	else
		*p = (uint8_t)v;
}

static const struct virtio_transport mmio_transport = {
	get_status, set_status, device_features, driver_features, queue_count, queue_max,
	queue_enable, notify, isr_ack, msix_route, config_generation, config_get, config_set,
};

int virtio_mmio_init(struct uk_virtio_dev *vd)
{
	uint64_t len = vd->bus->u.mmio.size < REGS_LEN ? vd->bus->u.mmio.size : REGS_LEN;
	uint32_t version;

	vd->mmio = uk_bus_map(vd->bus, 0, 0, len);
	if (!vd->mmio || len < M_CONFIG || REG(vd, M_MAGIC) != MAGIC) {
		virtio_msg(vd, "no virtio-mmio registers at this address", 0);
		return -UK_VIRTIO_ENODEV;
	}
	version = REG(vd, M_VERSION);
	if (version == 1) {
		virtio_msg(vd, "legacy virtio-mmio device (version 1) refused",
			   "start QEMU with -global virtio-mmio.force-legacy=false");
		return -UK_VIRTIO_ENOTSUP;
	}
	if (version != 2) {
		virtio_msg(vd, "unknown virtio-mmio version", 0);
		return -UK_VIRTIO_ENOTSUP;
	}
	vd->device_id = REG(vd, M_DEVICE_ID);
	vd->t = &mmio_transport;
	return 0;
}
