/*
 * @uk/blkdev over virtio-blk (virtio 1.x, modern PCI or virtio-mmio v2,
 * found through @uk/bus, transported by @uk/virtio). One request queue per
 * device; every request in flight owns a slot holding its header and status
 * byte, and the slot is the token the virtqueue hands back, so completions
 * may come in any order. Interrupt-driven when a scheduler is linked (the
 * handler only tells @uk/blkdev-core, which wakes the waiting threads; the
 * queue itself is only touched in thread context), polled otherwise.
 * Every reap runs @uk/virtio's lost-notification watchdog: a kick can be
 * lost under TCG, and a disk that never saw a request never completes it.
 */
#include <uk/blkdev_impl.h>
#include <uk/bus.h>
#include <uk/plat.h>
#include <uk/virtio.h>
#include "virtio_blk.h"

#ifndef CONFIG_UK_BLKDEV_VIRTIO_MAX_DISKS
#define CONFIG_UK_BLKDEV_VIRTIO_MAX_DISKS 4
#endif
#ifndef CONFIG_UK_BLKDEV_VIRTIO_QUEUE_DEPTH
#define CONFIG_UK_BLKDEV_VIRTIO_QUEUE_DEPTH 32
#endif

#define QDEPTH CONFIG_UK_BLKDEV_VIRTIO_QUEUE_DEPTH
#define RING_MAX 256           /* descriptors asked for (the device may give fewer) */
#define SEGS 8                 /* data segments one request may use */
#define SEG_BYTES (128u << 10) /* a segment's size when the device sets no size_max */

/* EVENT_IDX: the device interrupts only once per batch the driver has not seen. */
#define WANTED                                                                 \
	(UK_VIRTIO_BIT(VBLK_F_SIZE_MAX) | UK_VIRTIO_BIT(VBLK_F_SEG_MAX) |      \
	 UK_VIRTIO_BIT(VBLK_F_RO) | UK_VIRTIO_BIT(VBLK_F_BLK_SIZE) |           \
	 UK_VIRTIO_BIT(VBLK_F_FLUSH) | UK_VIRTIO_BIT(UK_VIRTIO_F_EVENT_IDX))

struct slot {
	struct vblk_req_hdr hdr;
	struct uk_blkreq *req;
	struct slot *next_free;
	volatile uint8_t status;
};

struct vblk {
	struct uk_blkdev blk;
	struct uk_virtio_dev *vd;
	struct uk_virtqueue *vq;
	uint64_t features;
	uint32_t seg_bytes; /* largest data segment, a multiple of the sector size */
	unsigned segs;      /* most data segments per request */
	struct slot *free;
	struct slot slots[QDEPTH];
	char name[16];
};

static struct vblk disks[CONFIG_UK_BLKDEV_VIRTIO_MAX_DISKS];
static unsigned ndisks;

static int vblk_submit(struct uk_blkdev *blk, struct uk_blkreq *req)
{
	struct vblk *d = (struct vblk *)blk;
	struct uk_virtio_sg sg[SEGS + 2];
	struct slot *s = d->free;
	unsigned n = 1, i;
	char *p;
	size_t left;
	int rc;

	if (req->op == UK_BLKREQ_FLUSH && !(d->features & UK_VIRTIO_BIT(VBLK_F_FLUSH))) {
		/* No volatile cache: every completed write is already durable. */
		uk_blkdev_complete(blk, req, 0);
		return 0;
	}
	if (!s)
		return -UK_BLKDEV_EIO; /* cannot happen: the core keeps to QDEPTH */
	s->hdr.type = req->op == UK_BLKREQ_READ ? VBLK_T_IN : req->op == UK_BLKREQ_WRITE ? VBLK_T_OUT
											  : VBLK_T_FLUSH;
	s->hdr.reserved = 0;
	s->hdr.sector = req->op == UK_BLKREQ_FLUSH ? 0 : req->offset / VBLK_SECTOR;
	s->status = 0xff;
	s->req = req;
	sg[0].addr = &s->hdr;
	sg[0].len = sizeof(s->hdr);
	if (req->op != UK_BLKREQ_FLUSH) {
		for (p = req->buf, left = req->len; left; n++) {
			uint32_t len = left > d->seg_bytes ? d->seg_bytes : (uint32_t)left;

			sg[n].addr = p;
			sg[n].len = len;
			p += len;
			left -= len;
		}
	}
	sg[n].addr = (void *)&s->status;
	sg[n].len = 1;
	/* The device reads the header (and a write's data), writes the rest. */
	i = req->op == UK_BLKREQ_WRITE ? n : 1;
	rc = uk_virtqueue_add(d->vq, sg, i, n + 1 - i, s);
	if (rc == -UK_VIRTIO_ENOSPC)
		return -UK_BLKDEV_EAGAIN; /* large requests in flight hold the descriptors */
	if (rc)
		return -UK_BLKDEV_EIO;
	d->free = s->next_free;
	uk_virtqueue_kick(d->vq);
	return 0;
}

static int vblk_reap(struct uk_blkdev *blk)
{
	struct vblk *d = (struct vblk *)blk;
	struct slot *s;
	int n = 0;

	/* Waits are bounded by @uk/blkdev-core's slices, so this looks every few ms. */
	uk_virtqueue_watch(d->vq);
	for (;;) {
		while ((s = uk_virtqueue_get(d->vq, 0)) != 0) {
			int status = s->status;

			uk_blkdev_complete(blk, s->req, status == VBLK_S_OK ? 0 : -UK_BLKDEV_EIO);
			s->req = 0;
			s->next_free = d->free;
			d->free = s;
			n++;
		}
		/* Ask for the next interrupt; completions that slipped in meanwhile are taken now. */
		if (!d->blk.info.interrupts || !uk_virtqueue_intr_enable(d->vq))
			return n;
	}
}

static const struct uk_blkdev_ops vblk_ops = { vblk_submit, vblk_reap };

static void vblk_irq(void *arg)
{
	uk_blkdev_irq(&((struct vblk *)arg)->blk);
}

static int vblk_match(const struct uk_bus_dev *dev)
{
	return uk_virtio_match(dev, UK_VIRTIO_ID_BLOCK);
}

static void set_name(struct vblk *d, unsigned unit)
{
	const char *p = "virtio-blk";
	char digits[12];
	unsigned n = 0, i = 0;

	while (*p)
		d->name[i++] = *p++;
	do
		digits[n++] = (char)('0' + unit % 10);
	while ((unit /= 10) && n < sizeof(digits));
	while (n && i < sizeof(d->name) - 1)
		d->name[i++] = digits[--n];
	d->name[i] = '\0';
}

static uint32_t cfg32(struct uk_virtio_dev *vd, unsigned off)
{
	uint32_t v;

	uk_virtio_config_read(vd, off, &v, sizeof(v));
	return v;
}

/* Sizes from the configuration: 0, or a negative code after a message. */
static int read_geometry(struct vblk *d)
{
	struct uk_blkdev_info *i = &d->blk.info;
	uint64_t sectors;
	uint32_t sector = VBLK_SECTOR, seg = SEG_BYTES, segs = SEGS, depth, ring;

	uk_virtio_config_read(d->vd, VBLK_CFG_CAPACITY, &sectors, sizeof(sectors));
	if (d->features & UK_VIRTIO_BIT(VBLK_F_BLK_SIZE))
		sector = cfg32(d->vd, VBLK_CFG_BLK_SIZE);
	if (sector < VBLK_SECTOR || sector > 65536 || (sector & (sector - 1))) {
		uk_plat_console_puts("[blkdev-virtio] the device's block size is not a power of two from 512 to 65536\n");
		return -UK_BUS_ENOTSUP;
	}
	if (d->features & UK_VIRTIO_BIT(VBLK_F_SIZE_MAX)) {
		uint32_t m = cfg32(d->vd, VBLK_CFG_SIZE_MAX) & ~(sector - 1);

		if (m && m < seg)
			seg = m;
	}
	if (seg < sector) {
		uk_plat_console_puts("[blkdev-virtio] the device's size_max is below one block\n");
		return -UK_BUS_ENOTSUP;
	}
	if (d->features & UK_VIRTIO_BIT(VBLK_F_SEG_MAX)) {
		uint32_t m = cfg32(d->vd, VBLK_CFG_SEG_MAX);

		if (m && m < segs)
			segs = m;
	}
	/*
	 * A request takes a header, its data segments and a status descriptor:
	 * the ring holds ring / 3 one-segment requests (so small ones can fill
	 * the queue depth), and a request of the largest size must always fit.
	 * When large ones hold the descriptors, submit says EAGAIN.
	 */
	ring = uk_virtqueue_size(d->vq);
	depth = ring / 3;
	if (ring < segs + 2) {
		uk_plat_console_puts("[blkdev-virtio] the device's queue is too short for one request\n");
		return -UK_BUS_ENOTSUP;
	}
	d->seg_bytes = seg;
	d->segs = segs;
	i->capacity = sectors * VBLK_SECTOR & ~(uint64_t)(sector - 1);
	i->sector_size = sector;
	i->buf_align = sector;
	i->max_request = seg * segs;
	i->queue_depth = (uint16_t)(depth < QDEPTH ? depth : QDEPTH);
	i->read_only = (d->features & UK_VIRTIO_BIT(VBLK_F_RO)) != 0;
	return 0;
}

static int vblk_probe(struct uk_bus_dev *dev)
{
	struct vblk *d;
	unsigned k;
	int rc;

	if (ndisks == CONFIG_UK_BLKDEV_VIRTIO_MAX_DISKS) {
		uk_plat_console_puts("[blkdev-virtio] too many disks: raise the max_disks option of @uk/blkdev-virtio\n");
		return -UK_BUS_ENOSPC;
	}
	d = &disks[ndisks];
	rc = uk_virtio_open(dev, &d->vd);
	if (rc)
		return rc;
	rc = uk_virtio_negotiate(d->vd, WANTED, &d->features);
	if (!rc)
		rc = uk_virtqueue_setup(d->vd, 0, RING_MAX, &d->vq);
	if (!rc)
		rc = read_geometry(d);
	if (rc) {
		uk_virtio_fail(d->vd);
		return rc;
	}
	d->free = 0;
	for (k = d->blk.info.queue_depth; k--;) {
		d->slots[k].next_free = d->free;
		d->free = &d->slots[k];
	}
	set_name(d, ndisks);
	d->blk.ops = &vblk_ops;
	d->blk.info.name = d->name;
	d->blk.info.interrupts = 0;
	if (uk_blkdev_can_sleep() && uk_virtio_irq_register(d->vd, vblk_irq, d) >= 0)
		d->blk.info.interrupts = 1;
	else
		uk_virtqueue_intr_disable(d->vq);
	rc = uk_blkdev_register(&d->blk);
	if (rc < 0) {
		uk_virtio_fail(d->vd);
		return rc;
	}
	uk_virtio_driver_ok(d->vd);
	dev->driver_data = d;
	ndisks++;
	return 0;
}

static const struct uk_bus_driver vblk_driver = { "blkdev-virtio", vblk_match, vblk_probe };
UK_BUS_DRIVER(vblk_driver);
