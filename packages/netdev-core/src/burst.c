/*
 * Moving packets: the burst calls check what the driver cannot be trusted
 * to check alike (queue numbers, state, packets a device cannot send,
 * receive buffers too small), and keep the packet and byte counts, so that
 * every driver reports the same statistics.
 */
#include "core.h"

#define TX_RUN 32 /* packets checked and handed to the driver at a time */

static int bad_queue(const struct uk_netdev *dev, uint16_t q, uint16_t nb)
{
	return dev->state != ND_STARTED || q >= nb;
}

int uk_netdev_rx_burst(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkts, unsigned n)
{
	int got;

	if (bad_queue(dev, q, dev->conf.nb_rx_queues))
		return dev->state != ND_STARTED ? -UK_NETDEV_EBUSY : -UK_NETDEV_EINVAL;
	if (!n)
		return 0;
	got = dev->ops->rx_burst(dev, q, pkts, n);
	for (int i = 0; i < got; i++)
		dev->stats.rx_bytes += pkts[i]->len;
	if (got > 0)
		dev->stats.rx_packets += (unsigned)got;
	return got;
}

/* The packet's length if the device can send it, else 0. */
static size_t sendable(const struct uk_netdev *dev, const struct uk_netbuf *nb)
{
	size_t len = 0;
	unsigned segs = 0;

	if (uk_netbuf_headroom(nb) < UK_NETBUF_HEADROOM_MIN)
		return 0;
	if ((nb->flags & UK_NETBUF_F_CSUM_PARTIAL) && !(dev->conf.offloads & UK_NETDEV_OFFLOAD_TX_CSUM))
		return 0;
	for (; nb; nb = nb->next) {
		if (++segs > dev->info.max_tx_segs)
			return 0;
		len += nb->len;
	}
	if (len < UK_NETDEV_ETH_HLEN || len > (size_t)dev->info.mtu + UK_NETDEV_ETH_HLEN)
		return 0;
	return len;
}

int uk_netdev_tx_burst(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkts, unsigned n)
{
	unsigned done = 0;

	if (bad_queue(dev, q, dev->conf.nb_tx_queues))
		return dev->state != ND_STARTED ? -UK_NETDEV_EBUSY : -UK_NETDEV_EINVAL;
	if (!n)
		return dev->ops->tx_burst(dev, q, pkts, 0) < 0 ? -UK_NETDEV_EIO : 0; /* collect only */
	while (done < n) {
		size_t lens[TX_RUN];
		unsigned run = 0;
		int took;

		/* A run of sendable packets; their lengths now, as a driver may release them at once. */
		while (done + run < n && run < TX_RUN && (lens[run] = sendable(dev, pkts[done + run])) != 0)
			run++;
		if (run) {
			took = dev->ops->tx_burst(dev, q, pkts + done, run);
			if (took < 0)
				took = 0;
			for (int i = 0; i < took; i++)
				dev->stats.tx_bytes += lens[i];
			dev->stats.tx_packets += (unsigned)took;
			done += (unsigned)took;
			if ((unsigned)took < run) {
				dev->stats.tx_drops += n - done; /* the queue is full: the caller keeps them */
				return (int)done;
			}
			continue;
		}
		/* pkts[done] can never be sent: take it, release it, count it. */
		dev->stats.tx_errors++;
		uk_netbuf_release(pkts[done]);
		done++;
	}
	return (int)done;
}

unsigned uk_netdev_rx_alloc(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **out, unsigned n)
{
	static int told;
	const struct uk_netdev_rxq_conf *c = &dev->rxq[q].conf;
	size_t need = (size_t)dev->info.mtu + UK_NETDEV_ETH_HLEN;
	unsigned got, good;

	if (!n || !c->alloc)
		return 0;
	got = c->alloc(c->alloc_arg, out, n);
	if (got > n)
		got = n;
	for (good = 0; good < got; good++) {
		struct uk_netbuf *nb = out[good];
		size_t head = uk_netbuf_headroom(nb);

		if (head < UK_NETBUF_HEADROOM_MIN || head > nb->buflen || nb->buflen - head < need)
			break;
		nb->len = 0;
		nb->flags = 0;
		nb->next = 0;
	}
	if (good < got) {
		if (!told++)
			nd_say3("[uk-netdev] ", dev->info.name,
				": a receive buffer is too small (it needs 64 bytes of headroom and room for mtu + 14)\n");
		for (unsigned i = good; i < got; i++) {
			dev->stats.rx_errors++;
			uk_netbuf_release(out[i]);
		}
	}
	return good;
}
