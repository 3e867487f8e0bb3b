/*
 * @uk/netdev over virtio-net (virtio 1.x, modern PCI or virtio-mmio v2,
 * found through @uk/bus, transported by @uk/virtio). One queue pair.
 *
 * Buffers: every packet travels with the 12-byte virtio-net header in
 * front of it, written in the netbuf's headroom (the API guarantees 64
 * bytes), so a packet is one descriptor on receive and one per piece on
 * transmit, never a copy. Mergeable receive buffers are not negotiated:
 * without TSO/GSO no packet is larger than the MTU, every buffer the
 * consumer gives already holds one, and one buffer per packet keeps
 * receive a plain loop with no reassembly.
 *
 * Checksums: CSUM (the device finishes what we send) and GUEST_CSUM (it
 * may hand us packets whose checksum it left partial) are negotiated when
 * offered. A partial packet received is finished here in software, so a
 * consumer never sees one; it is flagged as verified only when the
 * consumer asked for the receive offload.
 *
 * Lost notifications: kicks can be lost under TCG, so every look at a
 * queue runs @uk/virtio's watchdog (uk_virtqueue_watch), which notifies a
 * device that holds our buffers and has shown no progress for a while.
 *
 * Interrupts: with a scheduler the device's handler reports the receive
 * queue to @uk/netdev-core, which runs the consumer's callback once per
 * arming; the queue's interrupts are off while nobody is armed. The
 * transmit queue never interrupts: sent packets are collected at the next
 * transmit. Without a scheduler nothing is registered and everything is
 * polled.
 */
#include <uk/bus.h>
#include <uk/netdev_impl.h>
#include <uk/plat.h>
#include <uk/virtio.h>
#include "virtio_net.h"

#ifndef CONFIG_UK_NETDEV_VIRTIO_MAX_DEVICES
#define CONFIG_UK_NETDEV_VIRTIO_MAX_DEVICES 4
#endif
#ifndef CONFIG_UK_NETDEV_VIRTIO_RING_SIZE
#define CONFIG_UK_NETDEV_VIRTIO_RING_SIZE 256
#endif

#define HDR_LEN ((uint32_t)sizeof(struct vnet_hdr))
#define TX_SEGS 16   /* pieces of one transmitted packet */
#define REFILL 32    /* receive buffers asked of the allocator at a time */
#define DEFAULT_MTU 1500

#define WANTED                                                                   \
	(UK_VIRTIO_BIT(VNET_F_CSUM) | UK_VIRTIO_BIT(VNET_F_GUEST_CSUM) |         \
	 UK_VIRTIO_BIT(VNET_F_MTU) | UK_VIRTIO_BIT(VNET_F_MAC) |                 \
	 UK_VIRTIO_BIT(VNET_F_STATUS) | UK_VIRTIO_BIT(UK_VIRTIO_F_EVENT_IDX))

struct vnet {
	struct uk_netdev nd;
	struct uk_virtio_dev *vd;
	struct uk_virtqueue *rxq, *txq;
	uint64_t features;
	unsigned rx_target; /* buffers to keep posted */
	unsigned rx_posted;
	unsigned tx_inflight;
	unsigned tx_limit;  /* packets in flight at most */
	char name[16];
};

static struct vnet devs[CONFIG_UK_NETDEV_VIRTIO_MAX_DEVICES];
static unsigned ndevs;

static void say(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

static int has(const struct vnet *d, unsigned bit)
{
	return (d->features & UK_VIRTIO_BIT(bit)) != 0;
}

/* ---- transmit completions ---- */

/* Release every packet the device has finished sending. */
static void tx_collect(struct vnet *d)
{
	struct uk_netbuf *nb;

	while ((nb = uk_virtqueue_get(d->txq, 0)) != 0) {
		d->tx_inflight--;
		uk_netbuf_release(nb);
	}
}

/* ---- receive ---- */

/* Post buffers until rx_target are posted or the allocator has none; 1 if any was. */
static int rx_post(struct vnet *d)
{
	struct uk_netbuf *bufs[REFILL];
	int added = 0;

	while (d->rx_posted < d->rx_target) {
		unsigned want = d->rx_target - d->rx_posted, got, i;

		if (want > REFILL)
			want = REFILL;
		got = uk_netdev_rx_alloc(&d->nd, 0, bufs, want);
		for (i = 0; i < got; i++) {
			struct uk_netbuf *nb = bufs[i];
			struct uk_virtio_sg sg = { nb->data - HDR_LEN,
						   HDR_LEN + (uint32_t)(nb->buflen - uk_netbuf_headroom(nb)) };

			if (uk_virtqueue_add(d->rxq, &sg, 0, 1, nb) != 0) {
				/* Cannot happen while rx_target <= ring size; give the rest back. */
				for (; i < got; i++)
					uk_netbuf_release(bufs[i]);
				d->rx_target = d->rx_posted;
				break;
			}
			d->rx_posted++;
			added = 1;
		}
		if (got < want)
			break;
	}
	return added;
}

/* Post what is missing and tell the device (running: DRIVER_OK is set). */
static void rx_refill(struct vnet *d)
{
	if (rx_post(d))
		uk_virtqueue_kick(d->rxq);
}

static int vnet_rx_burst(struct uk_netdev *nd, uint16_t q, struct uk_netbuf **pkts, unsigned n)
{
	struct vnet *d = nd->driver_data;
	unsigned got = 0;
	unsigned long flags;

	(void)q;
	flags = uk_plat_irq_save(); /* the interrupt handler looks at this queue too */
	while (got < n) {
		uint32_t len;
		struct uk_netbuf *nb = uk_virtqueue_get(d->rxq, &len);
		const struct vnet_hdr *h;

		if (!nb)
			break;
		d->rx_posted--;
		if (len < HDR_LEN + UK_NETDEV_ETH_HLEN) {
			nd->stats.rx_errors++;
			uk_netbuf_release(nb);
			continue;
		}
		h = (const struct vnet_hdr *)(nb->data - HDR_LEN);
		nb->len = len - HDR_LEN;
		nb->flags = 0;
		if (h->flags & VNET_HDR_F_NEEDS_CSUM) {
			nb->csum_start = h->csum_start;
			nb->csum_offset = h->csum_offset;
			if (uk_netdev_csum_complete(nb) < 0) {
				nd->stats.rx_errors++;
				uk_netbuf_release(nb);
				continue;
			}
		}
		if ((h->flags & (VNET_HDR_F_NEEDS_CSUM | VNET_HDR_F_DATA_VALID)) &&
		    (nd->conf.offloads & UK_NETDEV_OFFLOAD_RX_CSUM))
			nb->flags |= UK_NETBUF_F_DATA_VALID;
		pkts[got++] = nb;
	}
	uk_plat_irq_restore(flags);
	rx_refill(d);
	/* The device waits for a notification only once it had no buffer left. */
	uk_virtqueue_watch(d->rxq);
	/* Receive runs at least every few tens of milliseconds; the stack may have nothing more to send. */
	uk_virtqueue_watch(d->txq);
	return (int)got;
}

static int vnet_rxq_intr_enable(struct uk_netdev *nd, uint16_t q)
{
	struct vnet *d = nd->driver_data;
	unsigned long flags = uk_plat_irq_save();
	int waiting = uk_virtqueue_intr_enable(d->rxq);

	(void)q;
	uk_plat_irq_restore(flags);
	return waiting ? 1 : 0;
}

static void vnet_rxq_intr_disable(struct uk_netdev *nd, uint16_t q)
{
	struct vnet *d = nd->driver_data;
	unsigned long flags = uk_plat_irq_save();

	(void)q;
	uk_virtqueue_intr_disable(d->rxq);
	uk_plat_irq_restore(flags);
}

/* Interrupt context: report received packets; stay quiet until re-armed. */
static void vnet_irq(void *arg)
{
	struct vnet *d = arg;

	if (!uk_virtqueue_has_used(d->rxq))
		return;
	uk_netdev_rx_irq(&d->nd, 0);
	if (!d->nd.rxq[0].armed)
		uk_virtqueue_intr_disable(d->rxq);
}


static int vnet_tx_burst(struct uk_netdev *nd, uint16_t q, struct uk_netbuf **pkts, unsigned n)
{
	struct vnet *d = nd->driver_data;
	unsigned sent = 0;

	(void)q;
	uk_virtqueue_watch(d->txq);
	tx_collect(d);
	for (; sent < n && d->tx_inflight < d->tx_limit; sent++) {
		struct uk_netbuf *nb = pkts[sent], *p;
		struct uk_virtio_sg sg[TX_SEGS];
		struct vnet_hdr *h = (struct vnet_hdr *)(nb->data - HDR_LEN);
		unsigned k = 1;

		__builtin_memset(h, 0, sizeof(*h));
		if (nb->flags & UK_NETBUF_F_CSUM_PARTIAL) {
			h->flags = VNET_HDR_F_NEEDS_CSUM;
			h->csum_start = nb->csum_start;
			h->csum_offset = nb->csum_offset;
		}
		h->gso_type = VNET_HDR_GSO_NONE;
		sg[0].addr = h;
		sg[0].len = HDR_LEN + nb->len;
		for (p = nb->next; p; p = p->next)
			if (p->len) {
				sg[k].addr = p->data;
				sg[k++].len = p->len;
			}
		if (uk_virtqueue_add(d->txq, sg, k, 0, nb) != 0)
			break; /* no descriptors left: the caller keeps the rest */
		d->tx_inflight++;
	}
	if (sent)
		uk_virtqueue_kick(d->txq);
	return (int)sent;
}

/* ---- set-up ---- */

static int vnet_configure(struct uk_netdev *nd, const struct uk_netdev_conf *conf)
{
	(void)nd, (void)conf; /* one queue pair, offloads already negotiated */
	return 0;
}

static int vnet_rxq_setup(struct uk_netdev *nd, uint16_t q, const struct uk_netdev_rxq_conf *conf)
{
	struct vnet *d = nd->driver_data;

	(void)q;
	d->rx_target = conf->nb_desc ? conf->nb_desc : uk_virtqueue_size(d->rxq);
	return 0;
}

static int vnet_txq_setup(struct uk_netdev *nd, uint16_t q, const struct uk_netdev_txq_conf *conf)
{
	struct vnet *d = nd->driver_data;
	unsigned ring = uk_virtqueue_size(d->txq);

	(void)q;
	d->tx_limit = conf->nb_desc ? conf->nb_desc : ring;
	return 0;
}

static int vnet_start(struct uk_netdev *nd)
{
	struct vnet *d = nd->driver_data;

	/*
	 * Buffers first, so the device has room from DRIVER_OK on; the kick
	 * only after it, as virtio requires. QEMU ignores a kick that comes
	 * before DRIVER_OK, and the frames it queued meanwhile (ARP requests,
	 * SYNs for a server still starting) then waited for the queue
	 * watchdog: ~3 ms more to a first response under TCG.
	 */
	rx_post(d);
	uk_virtio_driver_ok(d->vd);
	uk_virtqueue_kick(d->rxq);
	return 0;
}

static int vnet_link_up(struct uk_netdev *nd)
{
	struct vnet *d = nd->driver_data;
	uint16_t status;

	if (!has(d, VNET_F_STATUS))
		return 1;
	uk_virtio_config_read(d->vd, VNET_CFG_STATUS, &status, sizeof(status));
	return (status & VNET_S_LINK_UP) != 0;
}

static const struct uk_netdev_ops vnet_ops = {
	.configure = vnet_configure,
	.rxq_setup = vnet_rxq_setup,
	.txq_setup = vnet_txq_setup,
	.start = vnet_start,
	.rx_burst = vnet_rx_burst,
	.tx_burst = vnet_tx_burst,
	.rxq_intr_enable = vnet_rxq_intr_enable,
	.rxq_intr_disable = vnet_rxq_intr_disable,
	.link_up = vnet_link_up,
};

static int vnet_match(const struct uk_bus_dev *dev)
{
	return uk_virtio_match(dev, UK_VIRTIO_ID_NET);
}

static void set_name(struct vnet *d, unsigned unit)
{
	const char *p = "virtio-net";
	unsigned i = 0;

	while (*p)
		d->name[i++] = *p++;
	if (unit >= 10)
		d->name[i++] = (char)('0' + unit / 10 % 10);
	d->name[i++] = (char)('0' + unit % 10);
	d->name[i] = '\0';
}

/* Info from the configuration space and the negotiated features. */
static int read_info(struct vnet *d, unsigned unit)
{
	struct uk_netdev_info *i = &d->nd.info;
	uint16_t mtu = DEFAULT_MTU;

	if (has(d, VNET_F_MAC)) {
		uk_virtio_config_read(d->vd, VNET_CFG_MAC, i->mac, UK_NETDEV_ETH_ALEN);
	} else {
		/* A locally administered address of our own: 02:75:6b ("uk") plus the unit. */
		static const uint8_t base[UK_NETDEV_ETH_ALEN] = { 0x02, 0x75, 0x6b, 0, 0, 0 };

		__builtin_memcpy(i->mac, base, sizeof(base));
		i->mac[5] = (uint8_t)unit;
	}
	if (has(d, VNET_F_MTU))
		uk_virtio_config_read(d->vd, VNET_CFG_MTU, &mtu, sizeof(mtu));
	if (mtu < 68) {
		say("[netdev-virtio] the device's MTU is below 68, the least IPv4 needs\n");
		return -UK_BUS_ENOTSUP;
	}
	i->mtu = mtu;
	i->max_rx_queues = i->max_tx_queues = 1;
	i->max_rx_desc = (uint16_t)uk_virtqueue_size(d->rxq);
	i->max_tx_desc = (uint16_t)uk_virtqueue_size(d->txq);
	i->max_tx_segs = TX_SEGS;
	i->offloads = (has(d, VNET_F_GUEST_CSUM) ? UK_NETDEV_OFFLOAD_RX_CSUM : 0) |
		      (has(d, VNET_F_CSUM) ? UK_NETDEV_OFFLOAD_TX_CSUM : 0);
	if (i->max_tx_desc < TX_SEGS) {
		say("[netdev-virtio] the device's transmit queue is too short\n");
		return -UK_BUS_ENOTSUP;
	}
	return 0;
}

static int vnet_probe(struct uk_bus_dev *dev)
{
	struct vnet *d;
	int rc;

	if (ndevs == CONFIG_UK_NETDEV_VIRTIO_MAX_DEVICES) {
		say("[netdev-virtio] too many devices: raise the max_devices option of @uk/netdev-virtio\n");
		return -UK_BUS_ENOSPC;
	}
	d = &devs[ndevs];
	rc = uk_virtio_open(dev, &d->vd);
	if (rc)
		return rc;
	rc = uk_virtio_negotiate(d->vd, WANTED, &d->features);
	if (!rc && uk_virtio_queue_count(d->vd) < 2) {
		say("[netdev-virtio] the device has no transmit queue\n");
		rc = -UK_BUS_ENOTSUP;
	}
	if (!rc)
		rc = uk_virtqueue_setup(d->vd, VNET_RXQ, CONFIG_UK_NETDEV_VIRTIO_RING_SIZE, &d->rxq);
	if (!rc)
		rc = uk_virtqueue_setup(d->vd, VNET_TXQ, CONFIG_UK_NETDEV_VIRTIO_RING_SIZE, &d->txq);
	if (!rc)
		rc = read_info(d, ndevs);
	if (rc) {
		uk_virtio_fail(d->vd);
		return rc;
	}
	set_name(d, ndevs);
	d->nd.ops = &vnet_ops;
	d->nd.driver_data = d;
	d->nd.info.name = d->name;
	d->nd.info.rx_intr = 0;
	uk_virtqueue_intr_disable(d->txq);
	uk_virtqueue_intr_disable(d->rxq); /* until a consumer arms it */
	if (uk_netdev_can_interrupt() && uk_virtio_irq_register(d->vd, vnet_irq, d) >= 0)
		d->nd.info.rx_intr = 1;
	rc = uk_netdev_register(&d->nd);
	if (rc < 0) {
		uk_virtio_fail(d->vd);
		return rc;
	}
	/* DRIVER_OK comes with uk_netdev_start, once receive buffers are posted. */
	dev->driver_data = d;
	ndevs++;
	return 0;
}

static const struct uk_bus_driver vnet_driver = { "netdev-virtio", vnet_match, vnet_probe };
UK_BUS_DRIVER(vnet_driver);
