/*
 * The network device API, as seen by drivers (@uk/netdev-virtio,
 * @uk/netdev-linuxu, ...). Consumers include uk/netdev.h only; this header
 * fixes the layout of the handle so that @uk/netdev-core can check calls,
 * keep statistics and dispatch interrupts for every driver alike.
 *
 * A driver embeds struct uk_netdev in its per-device state, fills info and
 * a static struct uk_netdev_ops, and calls uk_netdev_register() from its
 * probe (UK_INIT_LIB or later) once per device. The core then calls it only
 * in the documented order (configure, every queue's setup, start), with
 * queue numbers below what was configured, and only with packets that
 * passed the checks of uk_netdev_tx_burst:
 *   - configure: conf already checked against info;
 *   - rxq_setup / txq_setup: conf->nb_desc is 0 or <= info.max_*_desc;
 *   - start: fill the rx rings (uk_netdev_rx_alloc) and let packets flow;
 *   - rx_burst: return up to n received packets (data and len set, flags
 *     DATA_VALID when checked); count rx_drops / rx_errors itself;
 *     the core counts rx_packets and rx_bytes;
 *   - tx_burst: take packets from the front while the ring has room and
 *     return how many it took; release sent ones later (at the next
 *     tx_burst at the latest; n = 0 asks for just that); the core counts
 *     the rest;
 *   - rxq_intr_enable: arm queue q's interrupt and return 0, or 1 when
 *     packets are already waiting; -UK_NETDEV_ENOTSUP when it cannot;
 *     rxq_intr_disable: stop asking for them (may be NULL if never armed);
 *   - link_up: NULL means always up.
 * From its interrupt handler a driver calls uk_netdev_rx_irq(dev, q) for a
 * queue with new packets; the core counts it and runs the consumer's
 * callback once per arming.
 */
#ifndef UK_NETDEV_IMPL_H
#define UK_NETDEV_IMPL_H

#include <uk/devlist.h>
#include <uk/netdev.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_netdev_ops {
	int (*configure)(struct uk_netdev *dev, const struct uk_netdev_conf *conf);
	int (*rxq_setup)(struct uk_netdev *dev, uint16_t q, const struct uk_netdev_rxq_conf *conf);
	int (*txq_setup)(struct uk_netdev *dev, uint16_t q, const struct uk_netdev_txq_conf *conf);
	int (*start)(struct uk_netdev *dev);
	int (*rx_burst)(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkts, unsigned n);
	int (*tx_burst)(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkts, unsigned n);
	int (*rxq_intr_enable)(struct uk_netdev *dev, uint16_t q);
	void (*rxq_intr_disable)(struct uk_netdev *dev, uint16_t q);
	int (*link_up)(struct uk_netdev *dev);
};

/* A receive queue as the core keeps it. */
struct uk_netdev_rxq {
	struct uk_netdev_rxq_conf conf;
	uk_netdev_rx_intr_fn cb; /* armed when non-NULL and armed is set */
	void *cb_arg;
	volatile int armed;
};

/* The handle. Its layout is part of the ABI of @uk/netdev (major version). */
struct uk_netdev {
	const struct uk_netdev_ops *ops;
	struct uk_netdev_info info; /* filled by the driver before registering */
	void *driver_data;          /* the driver's */
	/* Owned by @uk/netdev-core. */
	struct uk_devlist_node reg; /* the registry (uk/devlist.h of @uk/bus) */
	unsigned index;             /* its device number */
	unsigned state;         /* registered, configured, started */
	struct uk_netdev_conf conf;
	uint32_t rxq_ready, txq_ready; /* bit q: queue q is set up */
	struct uk_netdev_rxq rxq[UK_NETDEV_MAX_QUEUES];
	struct uk_netdev_stats stats;
};

/*
 * Add dev to the registry as the next device number. Checks info (queues
 * and descriptors >= 1, mtu >= 68, ops complete) and returns the device's
 * index, or -UK_NETDEV_EINVAL with a console message naming the field.
 */
int uk_netdev_register(struct uk_netdev *dev);

/*
 * Ask queue q's allocator for up to n buffers (0 when it has none). The
 * buffers' headroom and room are checked: a buffer too small for
 * info.mtu + UK_NETDEV_ETH_HLEN after UK_NETBUF_HEADROOM_MIN of headroom is
 * released, counted in rx_errors, and the call stops there (with a console
 * message the first time).
 */
unsigned uk_netdev_rx_alloc(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **out, unsigned n);

/* From the interrupt handler: queue q has new packets. Safe with interrupts off. */
void uk_netdev_rx_irq(struct uk_netdev *dev, uint16_t q);

/*
 * Whether a driver should register its interrupt handler and offer
 * info.rx_intr: 1 (turning delivery on is the consumer's business; an
 * image that never does simply polls).
 */
int uk_netdev_can_interrupt(void);

/*
 * Compute the checksum a UK_NETBUF_F_CSUM_PARTIAL packet left to the device
 * and store it (for drivers whose device cannot, and for received packets
 * whose checksum the host left partial). The packet must be one netbuf.
 * 0, or -UK_NETDEV_EINVAL when csum_start/csum_offset point outside it.
 */
int uk_netdev_csum_complete(struct uk_netbuf *nb);

#ifdef __cplusplus
}
#endif

#endif /* UK_NETDEV_IMPL_H */
