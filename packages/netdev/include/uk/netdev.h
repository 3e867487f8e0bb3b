/*
 * The network device API, as seen by consumers (a TCP/IP stack such as
 * @uk/net-lwip, or an app that speaks Ethernet itself). Packet level, in
 * the style of DPDK's ethdev: a device has receive and transmit queues;
 * packets move as struct uk_netbuf (uk/netbuf.h) in bursts; the consumer
 * supplies the receive buffers through an allocator callback and chooses
 * between polling and an interrupt callback per receive queue.
 *
 * Devices are numbered 0, 1, ... in the order the platform reports them
 * (on `uk run` the order of the network options). Using one:
 *
 *   struct uk_netdev *dev = uk_netdev_get(0);          NULL: no device
 *   const struct uk_netdev_info *info = uk_netdev_info(dev);
 *   uk_netdev_configure(dev, &(struct uk_netdev_conf){ 1, 1, offloads });
 *   uk_netdev_rxq_setup(dev, 0, &(struct uk_netdev_rxq_conf){ 0, my_alloc, my_arg });
 *   uk_netdev_txq_setup(dev, 0, &(struct uk_netdev_txq_conf){ 0 });
 *   uk_netdev_start(dev);
 *   n = uk_netdev_rx_burst(dev, 0, pkts, 32);           then use and release them
 *   n = uk_netdev_tx_burst(dev, 0, pkts, count);        the device now owns n of them
 *
 * Configure, set up every queue, then start, in that order and once: the
 * calls check the order and say -UK_NETDEV_EBUSY / -UK_NETDEV_EINVAL.
 *
 * Receiving: the driver keeps its ring filled with buffers from the
 * queue's allocator (at start and on every rx_burst). Each must have at
 * least UK_NETBUF_HEADROOM_MIN bytes of headroom and room for
 * info.mtu + UK_NETDEV_ETH_HLEN bytes after data. Received netbufs are the
 * consumer's: it releases them (netbuf's release) when done. When the
 * allocator gives nothing, the device drops what arrives meanwhile
 * (counted in rx_drops where the driver sees it happen, as on linuxu; a
 * virtio device drops on its side, uncounted here) and the ring is
 * refilled at the next rx_burst.
 *
 * Interrupts: uk_netdev_rxq_intr_enable(dev, q, cb, arg) arms the queue
 * once: when packets next arrive, cb(dev, q, arg) runs -- in interrupt
 * context, with interrupts off and no FPU: it may only wake a thread
 * (uk_waitq_wake_*) or set a flag -- and the queue is disarmed until the
 * consumer arms it again, usually after rx_burst returned fewer packets
 * than it asked for. Enabling returns 1 when packets are already waiting
 * (then the callback will not run for them: receive them first). A device
 * that cannot interrupt (linuxu) says -UK_NETDEV_ENOTSUP: poll it. On kvm
 * the callback runs only once the image turned interrupt delivery on
 * (uk_plat_timer_set_handler: a scheduler does, and so does a loop
 * without one that halts in uk_plat_idle until a packet comes).
 *
 * Calls are made from thread context on one CPU, one user per queue (a
 * cooperative scheduler makes that easy), so the API takes no locks.
 *
 * ABI: the semver major of @uk/netdev. The functions are defined by
 * @uk/netdev-core, which every driver requires.
 */
#ifndef UK_NETDEV_H
#define UK_NETDEV_H

#include <stddef.h>
#include <stdint.h>
#include <uk/netbuf.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error numbers the API reports (negated); they are Linux's. */
#define UK_NETDEV_EIO 5
#define UK_NETDEV_EAGAIN 11
#define UK_NETDEV_ENOMEM 12
#define UK_NETDEV_EBUSY 16
#define UK_NETDEV_ENODEV 19
#define UK_NETDEV_EINVAL 22
#define UK_NETDEV_ENOTSUP 95

#define UK_NETDEV_ETH_HLEN 14    /* Ethernet header: two MACs and the type */
#define UK_NETDEV_ETH_ALEN 6     /* a MAC address */
#define UK_NETDEV_MAX_QUEUES 8   /* per direction, whatever the device offers */

/* Offloads (info.offloads offered, conf.offloads wanted). */
/* rx: the device checks IP/TCP/UDP checksums and sets UK_NETBUF_F_DATA_VALID. */
#define UK_NETDEV_OFFLOAD_RX_CSUM 0x1
/* tx: the device completes UK_NETBUF_F_CSUM_PARTIAL packets' checksums. */
#define UK_NETDEV_OFFLOAD_TX_CSUM 0x2

struct uk_netdev; /* opaque to consumers; see uk/netdev_impl.h */

struct uk_netdev_info {
	const char *name;   /* "virtio-net0", "tap0": driver and unit */
	uint8_t mac[UK_NETDEV_ETH_ALEN];
	uint16_t mtu;        /* largest payload after the Ethernet header */
	uint16_t max_rx_queues, max_tx_queues; /* >= 1, <= UK_NETDEV_MAX_QUEUES */
	uint16_t max_rx_desc, max_tx_desc;     /* most buffers a queue holds */
	uint16_t max_tx_segs;  /* most netbufs in one transmitted chain (>= 1) */
	uint32_t offloads;     /* UK_NETDEV_OFFLOAD_* the device offers */
	uint8_t rx_intr;       /* 1: rx queues can interrupt (else poll) */
};

/* Devices: how many there are, and device i (NULL when i >= count). */
unsigned uk_netdev_count(void);
struct uk_netdev *uk_netdev_get(unsigned index);
const struct uk_netdev_info *uk_netdev_info(const struct uk_netdev *dev);

struct uk_netdev_conf {
	uint16_t nb_rx_queues; /* 1 .. info.max_rx_queues */
	uint16_t nb_tx_queues; /* 1 .. info.max_tx_queues */
	uint32_t offloads;     /* a subset of info.offloads */
};
int uk_netdev_configure(struct uk_netdev *dev, const struct uk_netdev_conf *conf);

/*
 * The receive buffer allocator: store up to n fresh netbufs in out (see
 * the top of this file for what they must hold) and return how many. Runs
 * in thread context (from setup, start and rx_burst).
 */
typedef unsigned (*uk_netdev_alloc_fn)(void *arg, struct uk_netbuf **out, unsigned n);

struct uk_netdev_rxq_conf {
	uint16_t nb_desc;       /* buffers to keep posted; 0: the driver's choice */
	uk_netdev_alloc_fn alloc;
	void *alloc_arg;
};
struct uk_netdev_txq_conf {
	uint16_t nb_desc;       /* packets in flight at most; 0: the driver's choice */
};
int uk_netdev_rxq_setup(struct uk_netdev *dev, uint16_t q, const struct uk_netdev_rxq_conf *conf);
int uk_netdev_txq_setup(struct uk_netdev *dev, uint16_t q, const struct uk_netdev_txq_conf *conf);

/* Start the device: the rx rings are filled and packets flow. */
int uk_netdev_start(struct uk_netdev *dev);

/*
 * Receive up to n packets from queue q into pkts; returns how many (0 when
 * none is waiting), or a negative errno for a bad queue or a device not
 * started. Never blocks.
 */
int uk_netdev_rx_burst(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkts, unsigned n);

/*
 * Hand up to n packets to queue q, in order; returns how many the device
 * took: pkts[0..ret) are the driver's now (it releases each once sent),
 * pkts[ret..n) are still the caller's (the queue is full: try again
 * later). A packet the device cannot send (longer than info.mtu +
 * UK_NETDEV_ETH_HLEN, less headroom than UK_NETBUF_HEADROOM_MIN, a longer
 * chain than info.max_tx_segs, CSUM_PARTIAL without the offload) is taken,
 * released and counted in tx_errors. Negative errno for a bad queue or a
 * device not started. Transmitting also collects packets the device
 * finished sending and releases them; n = 0 (pkts may be NULL) only does
 * that.
 */
int uk_netdev_tx_burst(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkts, unsigned n);

/* Interrupt mode for receive queue q (see the top of this file). */
typedef void (*uk_netdev_rx_intr_fn)(struct uk_netdev *dev, uint16_t q, void *arg);
int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, uint16_t q, uk_netdev_rx_intr_fn cb, void *arg);
/* Stop calling the callback of queue q. */
void uk_netdev_rxq_intr_disable(struct uk_netdev *dev, uint16_t q);

/* 1 when the link is up (a device that cannot tell says up), 0 when down. */
int uk_netdev_link_up(struct uk_netdev *dev);

/* ---- statistics ---- */

struct uk_netdev_stats {
	uint64_t rx_packets, rx_bytes; /* handed to the consumer */
	uint64_t rx_drops;  /* lost for want of a buffer */
	uint64_t rx_errors; /* bad frames the device reported or the driver refused */
	uint64_t tx_packets, tx_bytes; /* taken by the device */
	uint64_t tx_drops;  /* not taken because the queue was full */
	uint64_t tx_errors; /* packets that could not be sent: refused by tx_burst's checks,
			     * or taken (and counted in tx_packets) but lost by the device */
	uint64_t rx_interrupts; /* receive interrupts taken */
};
void uk_netdev_stats_get(const struct uk_netdev *dev, struct uk_netdev_stats *out);
void uk_netdev_stats_reset(struct uk_netdev *dev);

#ifdef __cplusplus
}
#endif

#endif /* UK_NETDEV_H */
