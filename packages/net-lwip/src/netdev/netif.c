/*
 * An lwIP netif over a @uk/netdev device. Receive is zero-copy: the
 * buffers the driver fills are lwIP custom pbufs, handed to the stack in
 * place and recycled through a free list when lwIP frees them. With a
 * scheduler, a receive thread per device takes bursts and feeds them to
 * the stack under the core lock (LWIP_TCPIP_CORE_LOCKING_INPUT), woken by
 * the device's receive interrupt, or polling when the device has none
 * (linuxu). Without one (NO_SYS), uk_net_lwip_poll() takes a burst from
 * every device through netdev_netif_poll_all(), and uk_net_lwip_wait()
 * arms their receive interrupts (netdev_netif_arm_all) before it halts.
 * Transmit hands
 * lwIP's pbuf chain to the driver as a chain of netbufs (the headers'
 * pbuf has the headroom PBUF_LINK_ENCAPSULATION_HLEN reserves), holding a
 * pbuf reference until the driver releases it; a chain the device cannot
 * take as it is, or one pointing at its sender's memory (chain_volatile),
 * gets copied into one buffer. Checksums: the device's
 * receive check is used per packet (UK_NETBUF_F_DATA_VALID turns lwIP's
 * check off for that packet).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/netdev.h>
#include <uk/plat.h>
#include "lwip/opt.h"
#if !NO_SYS
#include <uk/sched.h>
#include "lwip/tcpip.h"
#endif
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"
#include "netif.h"

#define RX_BURST 32
/*
 * Receive buffers kept posted to a device: more than a full TCP window of
 * segments (TCP_WND is 48), far fewer than virtio's 256-entry ring, which
 * when filled cost 2-4 ms of every boot under TCG (net_netdev_init's
 * minimum over 7 boots: 6.65 -> 2.79 ms on microvm, 4.04 -> 2.68 ms on pc)
 * and ~330 KiB more memory. A device with a smaller ring gets its ring.
 */
#define RX_POSTED 64
#define TX_SEGS_MAX 8
/* A full transmit queue is retried (yielding) this long before the packet is dropped. */
#define TX_RETRY_NS 20000000ull

struct rx_buf {
	struct pbuf_custom pc; /* first: lwIP's free function gets a pbuf */
	struct uk_netbuf nb;
	struct netdev_if *owner;
	struct rx_buf *next_free;
	uint8_t mem[];
};

struct tx_pkt {
	struct uk_netbuf nb[TX_SEGS_MAX];
	struct pbuf *p;     /* referenced until sent, or NULL for a copy */
	uint8_t *copy;      /* the copied frame, when one was made */
};

struct netdev_if {
	struct netif netif;
	struct uk_netdev *dev;
	const struct uk_netdev_info *info;
	unsigned segs_max;      /* netbufs in one transmitted chain */
	uint32_t rx_buf_size;   /* bytes of mem in each rx_buf */
	struct rx_buf *rx_free;
	struct netdev_if *next; /* every device (devices) */
#if !NO_SYS
	struct uk_waitq rx_wait;
	volatile int rx_pending; /* set by the interrupt callback */
	int polled;
#endif
};

/* ---- receive buffers ---- */

static void rx_buf_recycle(struct rx_buf *rb)
{
	rb->next_free = rb->owner->rx_free;
	rb->owner->rx_free = rb;
}

static void rx_pbuf_free(struct pbuf *p)
{
	rx_buf_recycle((struct rx_buf *)p);
}

static void rx_netbuf_release(struct uk_netbuf *nb)
{
	rx_buf_recycle(nb->priv);
}

static unsigned rx_alloc(void *arg, struct uk_netbuf **out, unsigned n)
{
	struct netdev_if *nd = arg;
	unsigned i;

	for (i = 0; i < n; i++) {
		struct rx_buf *rb = nd->rx_free;

		if (rb != NULL)
			nd->rx_free = rb->next_free;
		else if ((rb = malloc(sizeof(*rb) + nd->rx_buf_size)) == NULL)
			break;
		rb->owner = nd;
		uk_netbuf_init(&rb->nb, rb->mem, nd->rx_buf_size, UK_NETBUF_HEADROOM_MIN, rx_netbuf_release, rb);
		out[i] = &rb->nb;
	}
	return i;
}

static void rx_deliver(struct netdev_if *nd, struct uk_netbuf *nb)
{
	struct rx_buf *rb = nb->priv;
	struct pbuf *p;

	rb->pc.custom_free_function = rx_pbuf_free;
	p = pbuf_alloced_custom(PBUF_RAW, (u16_t)nb->len, PBUF_REF, &rb->pc, nb->data, (u16_t)nb->len);
	if (p == NULL) {
		rx_buf_recycle(rb);
		return;
	}
	/* Only this thread feeds this netif, so its check flags are ours to set per packet. */
	NETIF_SET_CHECKSUM_CTRL(&nd->netif, (nb->flags & UK_NETBUF_F_DATA_VALID)
						     ? (NETIF_CHECKSUM_ENABLE_ALL & ~(NETIF_CHECKSUM_CHECK_IP | NETIF_CHECKSUM_CHECK_UDP |
										     NETIF_CHECKSUM_CHECK_TCP | NETIF_CHECKSUM_CHECK_ICMP))
						     : NETIF_CHECKSUM_ENABLE_ALL);
	if (nd->netif.input(p, &nd->netif) != ERR_OK)
		pbuf_free(p);
}

/* Every device with a netif, newest first. */
static struct netdev_if *devices;

#if NO_SYS
unsigned netdev_netif_poll_all(void)
{
	struct uk_netbuf *pkts[RX_BURST];
	unsigned frames = 0;

	for (struct netdev_if *nd = devices; nd != NULL; nd = nd->next) {
		int n = uk_netdev_rx_burst(nd->dev, 0, pkts, RX_BURST);

		for (int i = 0; i < n; i++)
			rx_deliver(nd, pkts[i]);
		if (n > 0)
			frames += (unsigned)n;
	}
	return frames;
}

/* Interrupt context: the interrupt itself ended uk_plat_idle(); nothing else to do. */
static void rx_wake(struct uk_netdev *dev, uint16_t q, void *arg)
{
	(void)dev;
	(void)q;
	(void)arg;
}

int netdev_netif_arm_all(void)
{
	int polled = 0;

	for (struct netdev_if *nd = devices; nd != NULL; nd = nd->next) {
		if (!nd->info->rx_intr)
			polled = 1;
		else if (uk_netdev_rxq_intr_enable(nd->dev, 0, rx_wake, NULL) != 0)
			return 0;
	}
	return polled ? -1 : 1;
}
#else
static void rx_interrupt(struct uk_netdev *dev, uint16_t q, void *arg)
{
	struct netdev_if *nd = arg;

	(void)dev;
	(void)q;
	nd->rx_pending = 1;
	uk_waitq_wake_all(&nd->rx_wait);
}

/*
 * Nothing more to receive now: wait for the interrupt, or poll again soon.
 * A wait ends by itself after RX_WAIT_NS (netif.h). Packets said to be waiting are fetched after a yield, so a device that
 * says so wrongly cannot stop every other thread.
 */
static void rx_idle(struct netdev_if *nd, unsigned *empty)
{
	if (!nd->polled) {
		nd->rx_pending = 0;
		if (uk_netdev_rxq_intr_enable(nd->dev, 0, rx_interrupt, nd) == 1) {
			uk_thread_yield();
			return;
		}
		if (!nd->rx_pending)
			uk_waitq_wait(&nd->rx_wait, uk_plat_monotonic_ns() + RX_WAIT_NS);
		return;
	}
	if (++*empty < POLL_SPIN)
		uk_thread_yield();
	else
		uk_thread_sleep_ns(POLL_SLEEP_NS);
}

static void *rx_thread(void *arg)
{
	struct netdev_if *nd = arg;
	struct uk_netbuf *pkts[RX_BURST];
	unsigned empty = 0;

	for (;;) {
		int n = uk_netdev_rx_burst(nd->dev, 0, pkts, RX_BURST);

		for (int i = 0; i < n; i++)
			rx_deliver(nd, pkts[i]);
		if (n > 0)
			empty = 0;
		if (n < RX_BURST)
			rx_idle(nd, &empty);
		else
			uk_thread_yield(); /* let the app run between full bursts */
	}
	return NULL;
}
#endif

/* ---- transmit ---- */

/* Packets handed to a device (or about to be) that it has not given back yet. */
static unsigned tx_pending;

static void tx_release(struct uk_netbuf *nb)
{
	struct tx_pkt *t = nb->priv;

	if (t->p != NULL)
		pbuf_free(t->p);
	free(t->copy);
	free(t);
	tx_pending--;
}

unsigned netdev_netif_tx_collect(void)
{
	for (struct netdev_if *nd = devices; nd != NULL; nd = nd->next)
		(void)uk_netdev_tx_burst(nd->dev, 0, NULL, 0); /* only collects what was sent */
	return tx_pending;
}

/* Bytes of usable room in front of a pbuf's payload (0 for data lwIP does not own). */
static size_t pbuf_headroom(const struct pbuf *p)
{
	const uint8_t *start;

	if (!(p->type_internal & PBUF_TYPE_FLAG_STRUCT_DATA_CONTIGUOUS) || (p->flags & PBUF_FLAG_IS_CUSTOM))
		return 0;
	start = (const uint8_t *)p + LWIP_MEM_ALIGN_SIZE(sizeof(struct pbuf));
	return (size_t)((const uint8_t *)p->payload - start);
}

static int tx_fill(struct netdev_if *nd, struct tx_pkt *t, struct pbuf *p)
{
	unsigned segs = 0;

	for (struct pbuf *q = p; q != NULL; q = q->next) {
		if (q->len == 0)
			continue;
		if (segs == nd->segs_max)
			return -1;
		size_t room = segs == 0 ? pbuf_headroom(q) : 0;
		uk_netbuf_init(&t->nb[segs], (uint8_t *)q->payload - room, (uint32_t)(room + q->len), (uint32_t)room, NULL, t);
		t->nb[segs].len = q->len;
		if (segs > 0)
			t->nb[segs - 1].next = &t->nb[segs];
		segs++;
	}
	if (segs == 0 || uk_netbuf_headroom(&t->nb[0]) < UK_NETBUF_HEADROOM_MIN)
		return -1;
	t->nb[0].release = tx_release;
	return 0;
}

static int tx_copy(struct tx_pkt *t, struct pbuf *p)
{
	t->copy = malloc(UK_NETBUF_HEADROOM_MIN + p->tot_len);
	if (t->copy == NULL)
		return -1;
	uk_netbuf_init(&t->nb[0], t->copy, UK_NETBUF_HEADROOM_MIN + p->tot_len, UK_NETBUF_HEADROOM_MIN, tx_release, t);
	t->nb[0].len = pbuf_copy_partial(p, t->nb[0].data, p->tot_len, 0);
	return 0;
}

/*
 * Whether a piece of the chain points at memory its owner may change once
 * the call returns (PBUF_REF: lwIP's sockets send a UDP datagram from the
 * application's own buffer). The device reads a packet later than the
 * call, so such a chain is copied; holding a reference to it is not enough.
 */
static int chain_volatile(const struct pbuf *p)
{
	for (; p != NULL; p = p->next)
		if (PBUF_NEEDS_COPY(p))
			return 1;
	return 0;
}

static err_t linkoutput(struct netif *netif, struct pbuf *p)
{
	struct netdev_if *nd = netif->state;
	struct tx_pkt *t = calloc(1, sizeof(*t));
	struct uk_netbuf *head;
	uint64_t deadline = 0;

	if (t == NULL)
		return ERR_MEM;
	if (!chain_volatile(p) && tx_fill(nd, t, p) == 0) {
		pbuf_ref(p);
		t->p = p;
	} else if (tx_copy(t, p) != 0) {
		free(t);
		return ERR_MEM;
	}
	tx_pending++; /* until tx_release, whether the device sends it or it is dropped below */
	head = &t->nb[0];
	for (;;) {
		int n = uk_netdev_tx_burst(nd->dev, 0, &head, 1);

		if (n == 1)
			return ERR_OK;
		if (n < 0 || (deadline != 0 && uk_plat_monotonic_ns() > deadline))
			break;
		if (deadline == 0)
			deadline = uk_plat_monotonic_ns() + TX_RETRY_NS;
#if !NO_SYS
		uk_thread_yield();
#endif
	}
	tx_release(head);
	LINK_STATS_INC(link.drop);
	return ERR_IF;
}

/* ---- set-up ---- */

static err_t netdev_netif_init(struct netif *netif)
{
	struct netdev_if *nd = netif->state;

	netif->name[0] = 'e';
	netif->name[1] = 'n';
	netif->output = etharp_output;
	netif->linkoutput = linkoutput;
	netif->mtu = nd->info->mtu;
	netif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(netif->hwaddr, nd->info->mac, ETH_HWADDR_LEN);
	netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
#if LWIP_IPV6
	/* Neighbour discovery and router advertisements come by multicast, which the devices pass as they are. */
	netif->output_ip6 = ethip6_output;
	netif->flags |= NETIF_FLAG_MLD6;
#endif
	if (uk_netdev_link_up(nd->dev))
		netif->flags |= NETIF_FLAG_LINK_UP;
	return ERR_OK;
}

static int device_start(struct netdev_if *nd)
{
	uint32_t offloads = nd->info->offloads & UK_NETDEV_OFFLOAD_RX_CSUM;
	uint16_t posted = nd->info->max_rx_desc < RX_POSTED ? nd->info->max_rx_desc : RX_POSTED;
	int r;

	r = uk_netdev_configure(nd->dev, &(struct uk_netdev_conf){ .nb_rx_queues = 1, .nb_tx_queues = 1, .offloads = offloads });
	if (r == 0)
		r = uk_netdev_rxq_setup(nd->dev, 0, &(struct uk_netdev_rxq_conf){ .nb_desc = posted, .alloc = rx_alloc, .alloc_arg = nd });
	if (r == 0)
		r = uk_netdev_txq_setup(nd->dev, 0, &(struct uk_netdev_txq_conf){ .nb_desc = 0 });
	if (r == 0)
		r = uk_netdev_start(nd->dev);
	return r;
}

struct netif *netdev_netif_add(struct uk_netdev *dev, unsigned index)
{
	struct netdev_if *nd = calloc(1, sizeof(*nd));
	int r;

	if (nd == NULL)
		return NULL;
	nd->dev = dev;
	nd->info = uk_netdev_info(dev);
	nd->segs_max = nd->info->max_tx_segs < TX_SEGS_MAX ? nd->info->max_tx_segs : TX_SEGS_MAX;
	nd->rx_buf_size = UK_NETBUF_HEADROOM_MIN + nd->info->mtu + UK_NETDEV_ETH_HLEN + 4; /* + a VLAN tag */
	r = device_start(nd);
	if (r != 0) {
		printf("net-lwip: cannot start network device %u (%s): error %d\n", index, nd->info->name, -r);
		free(nd);
		return NULL;
	}
	nd->next = devices;
	devices = nd;
#if NO_SYS
	netif_add(&nd->netif, NULL, NULL, NULL, nd, netdev_netif_init, netif_input);
#else
	struct uk_thread *t;

	nd->polled = !nd->info->rx_intr;
	LOCK_TCPIP_CORE();
	netif_add(&nd->netif, NULL, NULL, NULL, nd, netdev_netif_init, tcpip_input);
	UNLOCK_TCPIP_CORE();
	if (uk_thread_create(&t, "lwip-rx", 0, rx_thread, nd) != 0) {
		printf("net-lwip: cannot start the receive thread of network device %u\n", index);
		return NULL;
	}
	uk_thread_detach(t);
#endif
	return &nd->netif;
}
