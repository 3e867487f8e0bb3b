/*
 * @uk/9p over virtio-9p (virtio 1.x, modern PCI on -machine pc, virtio-mmio
 * v2 on microvm). The device has one request queue; a request is one chain
 * whose device-readable part is the T-message (header, then a write's data)
 * and whose device-writable part is where the R-message goes (header, then
 * a read's data), so data moves between the caller's buffer and the host
 * without a copy. The request is the chain's token: replies may come back
 * in any order. Interrupt-driven when a scheduler is linked, polled
 * otherwise. The mount tag comes from the device's configuration space.
 * Boot only registers the device: it is set up (reset, features, mount
 * tag, queue, interrupt) when a user first looks it up, since those
 * register accesses cost about 1.5 ms of boot on microvm and 2 ms on pc
 * under TCG, paid by every image given a volume whether it used it or not.
 * Every reap runs @uk/virtio's lost-notification watchdog: a kick can be
 * lost under TCG, and a server that never saw a request never answers.
 */
#include <uk/9p_impl.h>
#include <uk/bus.h>
#include <uk/plat.h>
#include <uk/virtio.h>

#ifndef CONFIG_UK_9P_VIRTIO_MAX_DEVICES
#define CONFIG_UK_9P_VIRTIO_MAX_DEVICES 4
#endif
#ifndef CONFIG_UK_9P_VIRTIO_MSIZE
#define CONFIG_UK_9P_VIRTIO_MSIZE 524288
#endif

#define VIRTIO_ID_9P 9
#define VIRTIO_9P_F_MOUNT_TAG 0
#define CFG_TAG_LEN 0 /* le16, then the tag's bytes (not NUL-terminated) */
#define CFG_TAG 2
#define TAG_MAX 64
#define RING_MAX 128

struct v9p {
	struct uk_9p_dev dev;
	struct uk_bus_dev *bus;
	struct uk_virtio_dev *vd;
	struct uk_virtqueue *vq;
	char tag[TAG_MAX + 1];
};

static struct v9p devs[CONFIG_UK_9P_VIRTIO_MAX_DEVICES];
static unsigned ndevs;

static void say(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

static int v9p_request(struct uk_9p_dev *dev, struct uk_9p_req *req)
{
	struct v9p *d = (struct v9p *)dev;
	struct uk_virtio_sg sg[2 * UK_9P_REQ_IOV];
	unsigned n = 0, i;
	int rc;

	for (i = 0; i < req->n_out; i++, n++) {
		sg[n].addr = req->out[i].base;
		sg[n].len = req->out[i].len;
	}
	for (i = 0; i < req->n_in; i++, n++) {
		sg[n].addr = req->in[i].base;
		sg[n].len = req->in[i].len;
	}
	rc = uk_virtqueue_add(d->vq, sg, req->n_out, req->n_in, req);
	if (rc == -UK_VIRTIO_ENOSPC)
		return -UK_9P_EAGAIN;
	if (rc)
		return -UK_9P_EIO;
	uk_virtqueue_kick(d->vq);
	return 0;
}

static int v9p_reap(struct uk_9p_dev *dev, int block)
{
	struct v9p *d = (struct v9p *)dev;
	struct uk_9p_req *req;
	uint32_t len;
	int n = 0;

	(void)block; /* the device answers when it answers: nothing to block on here */
	uk_virtqueue_watch(d->vq);
	for (;;) {
		while ((req = uk_virtqueue_get(d->vq, &len)) != 0) {
			uk_9p_req_done(dev, req, len, 0);
			n++;
		}
		/* Ask for the next interrupt; replies that slipped in meanwhile are taken now. */
		if (!dev->interrupts || !uk_virtqueue_intr_enable(d->vq))
			return n;
	}
}

static void v9p_irq(void *arg)
{
	uk_9p_dev_irq(&((struct v9p *)arg)->dev);
}

static int v9p_match(const struct uk_bus_dev *dev)
{
	return uk_virtio_match(dev, VIRTIO_ID_9P);
}

static int read_tag(struct v9p *d)
{
	uint16_t len;

	uk_virtio_config_read(d->vd, CFG_TAG_LEN, &len, sizeof(len));
	if (!len || len > TAG_MAX) {
		say("[9p-virtio] the device's mount tag is empty or longer than 64 bytes\n");
		return -UK_BUS_ENOTSUP;
	}
	uk_virtio_config_read(d->vd, CFG_TAG, d->tag, len);
	d->tag[len] = '\0';
	for (unsigned i = 0; i < len; i++)
		if (!d->tag[i]) {
			say("[9p-virtio] the device's mount tag holds a NUL byte\n");
			return -UK_BUS_ENOTSUP;
		}
	return 0;
}

/* The device's set-up, on first use (uk/9p_impl.h: start). */
static int v9p_start(struct uk_9p_dev *dev)
{
	struct v9p *d = (struct v9p *)dev;
	uint64_t features;
	int rc;

	rc = uk_virtio_open(d->bus, &d->vd);
	if (rc)
		return rc;
	rc = uk_virtio_negotiate(d->vd, UK_VIRTIO_BIT(VIRTIO_9P_F_MOUNT_TAG) |
					       UK_VIRTIO_BIT(UK_VIRTIO_F_EVENT_IDX),
				 &features);
	if (!rc && !(features & UK_VIRTIO_BIT(VIRTIO_9P_F_MOUNT_TAG))) {
		say("[9p-virtio] the device offers no mount tag\n");
		rc = -UK_BUS_ENOTSUP;
	}
	if (!rc)
		rc = read_tag(d);
	if (!rc)
		rc = uk_virtqueue_setup(d->vd, 0, RING_MAX, &d->vq);
	if (!rc && uk_virtqueue_size(d->vq) < 2 * UK_9P_REQ_IOV) {
		say("[9p-virtio] the device's queue is too short for one request\n");
		rc = -UK_BUS_ENOTSUP;
	}
	if (rc) {
		uk_virtio_fail(d->vd);
		return rc;
	}
	d->dev.tag = d->tag;
	d->dev.interrupts = 0;
	if (uk_9p_can_sleep() && uk_virtio_irq_register(d->vd, v9p_irq, d) >= 0)
		d->dev.interrupts = 1;
	else
		uk_virtqueue_intr_disable(d->vq);
	uk_virtio_driver_ok(d->vd);
	return 0;
}

static const struct uk_9p_trans_ops v9p_ops = { v9p_request, v9p_reap, v9p_start };

static int v9p_probe(struct uk_bus_dev *dev)
{
	struct v9p *d;
	int rc;

	if (ndevs == CONFIG_UK_9P_VIRTIO_MAX_DEVICES) {
		say("[9p-virtio] too many 9P devices: raise the max_devices option of @uk/9p-virtio\n");
		return -UK_BUS_ENOSPC;
	}
	d = &devs[ndevs];
	d->bus = dev;
	d->dev.ops = &v9p_ops;
	d->dev.aname = "";
	d->dev.max_msize = CONFIG_UK_9P_VIRTIO_MSIZE;
	d->dev.readonly = 0; /* QEMU refuses writes itself (readonly=on): EROFS from the server */
	rc = uk_9p_dev_register(&d->dev);
	if (rc < 0)
		return rc;
	dev->driver_data = d;
	ndevs++;
	return 0;
}

static const struct uk_bus_driver v9p_driver = { "9p-virtio", v9p_match, v9p_probe };
UK_BUS_DRIVER(v9p_driver);
