/*
 * The virtio device: matching for drivers, the status handshake (reset,
 * ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK), feature negotiation,
 * configuration space read consistently against its generation counter,
 * and the interrupt path (acknowledge at the transport, then the driver's
 * callback). Transport specifics live in virtio_pci.c and virtio_mmio.c.
 */
#include <uk/alloc.h>
#include <uk/plat.h>
#include "virtio_impl.h"

#define PCI_VENDOR_VIRTIO 0x1af4
#define PCI_DEVICE_MODERN 0x1040
#define PCI_DEVICE_TRANSITIONAL_FIRST 0x1000
#define PCI_DEVICE_TRANSITIONAL_LAST 0x103f
#define MMIO_MAGIC 0x74726976
#define MMIO_DEVICE_ID 0x008

/* Transport feature bits (28-38) this library implements. */
#define TRANSPORT_BITS 0x0000007ff0000000ULL
#define SUPPORTED_TRANSPORT (UK_VIRTIO_BIT(UK_VIRTIO_F_VERSION_1) | UK_VIRTIO_BIT(UK_VIRTIO_F_EVENT_IDX))

static void put(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

void virtio_msg(struct uk_virtio_dev *vd, const char *what, const char *hint)
{
	char name[40];

	put("[uk-virtio] ");
	put(uk_bus_dev_name(vd->bus, name, sizeof(name)));
	put(": ");
	put(what);
	if (hint) {
		put("; ");
		put(hint);
	}
	put("\n");
}

int uk_virtio_match(const struct uk_bus_dev *dev, unsigned device_id)
{
	if (dev->kind == UK_BUS_PCI) {
		const struct uk_bus_pci *p = &dev->u.pci;

		if (p->vendor != PCI_VENDOR_VIRTIO)
			return 0;
		if (p->device >= PCI_DEVICE_MODERN)
			return (unsigned)(p->device - PCI_DEVICE_MODERN) == device_id;
		/* Transitional devices carry the type in the subsystem id. */
		return p->device >= PCI_DEVICE_TRANSITIONAL_FIRST &&
		       p->device <= PCI_DEVICE_TRANSITIONAL_LAST && p->subsys_id == device_id;
	}
	if (dev->kind == UK_BUS_VIRTIO_MMIO) {
		/* Mapping does not change the device: the table entry is only read. */
		volatile uint32_t *r = uk_bus_map((struct uk_bus_dev *)dev, 0, 0, 0x100);

		return r && r[0] == MMIO_MAGIC && r[MMIO_DEVICE_ID / 4] == device_id;
	}
	return 0;
}

static void add_status(struct uk_virtio_dev *vd, uint8_t bits)
{
	vd->t->set_status(vd, vd->t->get_status(vd) | bits);
}

int uk_virtio_open(struct uk_bus_dev *dev, struct uk_virtio_dev **out)
{
	struct uk_alloc *a = uk_alloc_default();
	struct uk_virtio_dev *vd;
	int rc;

	if (!a) {
		put("[uk-virtio] no default allocator: add one (pnpm add @uk/alloc-tlsf)\n");
		return -UK_VIRTIO_ENOMEM;
	}
	vd = uk_calloc(a, 1, sizeof(*vd));
	if (!vd)
		return -UK_VIRTIO_ENOMEM;
	vd->bus = dev;
	vd->irq_mode = -1;
	if (dev->kind == UK_BUS_PCI)
		rc = virtio_pci_init(vd);
	else if (dev->kind == UK_BUS_VIRTIO_MMIO)
		rc = virtio_mmio_init(vd);
	else
		rc = -UK_VIRTIO_ENODEV;
	if (rc < 0) {
		uk_free(a, vd);
		return rc;
	}
	/* Reset, and wait for it to take effect, before anything else. */
	vd->t->set_status(vd, 0);
	for (unsigned spin = 0; vd->t->get_status(vd) != 0; spin++) {
		if (spin == 1000000) {
			virtio_msg(vd, "does not reset", 0);
			uk_free(a, vd);
			return -UK_VIRTIO_EIO;
		}
	}
	add_status(vd, VIRTIO_STATUS_ACK);
	add_status(vd, VIRTIO_STATUS_DRIVER);
	*out = vd;
	return 0;
}

unsigned uk_virtio_device_id(const struct uk_virtio_dev *vd)
{
	return vd->device_id;
}

struct uk_bus_dev *uk_virtio_bus_dev(const struct uk_virtio_dev *vd)
{
	return vd->bus;
}

uint64_t uk_virtio_features(struct uk_virtio_dev *vd)
{
	return vd->t->device_features(vd);
}

uint64_t uk_virtio_negotiated(const struct uk_virtio_dev *vd)
{
	return vd->features;
}

void uk_virtio_fail(struct uk_virtio_dev *vd)
{
	add_status(vd, VIRTIO_STATUS_FAILED);
}

int uk_virtio_negotiate(struct uk_virtio_dev *vd, uint64_t wanted, uint64_t *accepted)
{
	uint64_t offered = vd->t->device_features(vd);
	uint64_t set = (wanted | UK_VIRTIO_BIT(UK_VIRTIO_F_VERSION_1)) & offered;

	set &= ~TRANSPORT_BITS | SUPPORTED_TRANSPORT;
	if (!(offered & UK_VIRTIO_BIT(UK_VIRTIO_F_VERSION_1))) {
		virtio_msg(vd, "the device does not offer VIRTIO_F_VERSION_1 (a legacy-only device)",
			   "uk drives virtio 1.x devices only");
		uk_virtio_fail(vd);
		return -UK_VIRTIO_ENOTSUP;
	}
	vd->t->driver_features(vd, set);
	add_status(vd, VIRTIO_STATUS_FEATURES_OK);
	if (!(vd->t->get_status(vd) & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_msg(vd, "the device refused the features the driver asked for", 0);
		uk_virtio_fail(vd);
		return -UK_VIRTIO_ENOTSUP;
	}
	vd->features = set;
	if (accepted)
		*accepted = set;
	return 0;
}

void uk_virtio_driver_ok(struct uk_virtio_dev *vd)
{
	add_status(vd, VIRTIO_STATUS_DRIVER_OK);
}

/* Widest naturally aligned access (1, 2 or 4 bytes) at off for n bytes. */
static unsigned width_at(unsigned off, unsigned n)
{
	if (n >= 4 && !(off & 3))
		return 4;
	if (n >= 2 && !(off & 1))
		return 2;
	return 1;
}

void uk_virtio_config_read(struct uk_virtio_dev *vd, unsigned off, void *buf, unsigned len)
{
	uint8_t *b = buf, gen;

	do {
		gen = vd->t->config_generation(vd);
		for (unsigned i = 0; i < len;) {
			unsigned w = width_at(off + i, len - i);
			uint32_t v = vd->t->config_get(vd, off + i, w);

			for (unsigned k = 0; k < w; k++)
				b[i + k] = (uint8_t)(v >> (8 * k));
			i += w;
		}
	} while (gen != vd->t->config_generation(vd));
}

void uk_virtio_config_write(struct uk_virtio_dev *vd, unsigned off, const void *buf, unsigned len)
{
	const uint8_t *b = buf;

	for (unsigned i = 0; i < len;) {
		unsigned w = width_at(off + i, len - i);
		uint32_t v = 0;

		for (unsigned k = 0; k < w; k++)
			v |= (uint32_t)b[i + k] << (8 * k);
		vd->t->config_set(vd, off + i, w, v);
		i += w;
	}
}

unsigned uk_virtio_queue_count(struct uk_virtio_dev *vd)
{
	return vd->t->queue_count(vd);
}

/* The bus handler: acknowledge at the transport, then tell the driver. */
static int on_irq(void *arg)
{
	struct uk_virtio_dev *vd = arg;

	if (vd->irq_mode != UK_BUS_IRQ_MSIX && !vd->t->isr_ack(vd))
		return 0; /* a shared line, raised by someone else */
	vd->irq_fn(vd->irq_arg);
	return 1;
}

int uk_virtio_irq_register(struct uk_virtio_dev *vd, uk_virtio_irq_fn fn, void *arg)
{
	int rc;

	vd->irq_fn = fn;
	vd->irq_arg = arg;
	rc = uk_bus_irq_register(vd->bus, on_irq, vd);
	if (rc < 0)
		return rc;
	vd->irq_mode = rc;
	if (rc == UK_BUS_IRQ_MSIX && vd->t->msix_route(vd) < 0) {
		/* The device could not take the vector: nothing would arrive. */
		uk_bus_irq_disable(vd->bus);
		virtio_msg(vd, "the device refused its MSI-X vector", "the driver polls");
		return -UK_VIRTIO_EIO;
	}
	return rc;
}

uint64_t virtio_features_read(volatile uint32_t *sel, volatile uint32_t *win)
{
	uint64_t f;

	*sel = 0;
	f = *win;
	*sel = 1;
	return f | (uint64_t)*win << 32;
}

void virtio_features_write(volatile uint32_t *sel, volatile uint32_t *win, uint64_t f)
{
	*sel = 0;
	*win = (uint32_t)f;
	*sel = 1;
	*win = (uint32_t)(f >> 32);
}
