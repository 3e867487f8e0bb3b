/*
 * Host test of @uk/netdev-core with a loopback driver: what is transmitted
 * on a device comes back on its receive queue (copied into a buffer from
 * the consumer's allocator), the "ring" holds RING packets, and a received
 * packet can be made to arrive with a partial checksum. Checks the call
 * order, the refusals of tx_burst (headroom, length, pieces, checksum
 * offload), receive-buffer checks, statistics, one-shot interrupt
 * callbacks and checksum completion. Built twice: as a device that cannot
 * interrupt (arming refused, the consumer polls) and with WITH_INTR, one
 * that can (whenever the core says drivers may: uk_netdev_can_interrupt).
 * Prints one line per failed check and "OK <variant>" at the end.
 */
#include <stdio.h>
#include <string.h>
#include <uk/netdev_impl.h>
#include <uk/plat.h>

static int failures;
#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);    \
			failures++;                                            \
		}                                                              \
	} while (0)

void uk_plat_console_write(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

/* ---- the consumer's buffers ---- */
#define NBUF 16
#define BUFSZ 2048

static struct uk_netbuf bufs[NBUF];
static unsigned char mem[NBUF][BUFSZ];
static int in_use[NBUF];
static unsigned released, headroom = 64, bufsize = BUFSZ;

static void give_back(struct uk_netbuf *nb)
{
	in_use[nb - bufs] = 0;
	released++;
}

static unsigned alloc(void *arg, struct uk_netbuf **out, unsigned n)
{
	unsigned k = 0;

	(void)arg;
	for (unsigned i = 0; i < NBUF && k < n; i++)
		if (!in_use[i]) {
			in_use[i] = 1;
			uk_netbuf_init(&bufs[i], mem[i], bufsize, headroom, give_back, 0);
			out[k++] = &bufs[i];
		}
	return k;
}

static struct uk_netbuf *frame(unsigned len)
{
	struct uk_netbuf *nb;

	if (alloc(0, &nb, 1) != 1)
		return 0;
	for (unsigned i = 0; i < len; i++)
		nb->data[i] = (unsigned char)i;
	nb->len = len;
	return nb;
}

/* ---- a loopback driver ---- */
#define RING 4

struct loopdev {
	struct uk_netdev nd;
	unsigned char q[RING][1600];
	unsigned qlen[RING], head, count;
	int partial_next; /* the next packet arrives with its UDP checksum partial */
	int armed;
};

static int lo_configure(struct uk_netdev *nd, const struct uk_netdev_conf *c)
{
	(void)nd, (void)c;
	return 0;
}

static int lo_rxq(struct uk_netdev *nd, uint16_t q, const struct uk_netdev_rxq_conf *c)
{
	(void)nd, (void)q, (void)c;
	return 0;
}

static int lo_txq(struct uk_netdev *nd, uint16_t q, const struct uk_netdev_txq_conf *c)
{
	(void)nd, (void)q, (void)c;
	return 0;
}

static int lo_start(struct uk_netdev *nd)
{
	(void)nd;
	return 0;
}

static int lo_rx(struct uk_netdev *nd, uint16_t q, struct uk_netbuf **pkts, unsigned n)
{
	struct loopdev *d = (struct loopdev *)nd;
	unsigned got = 0;

	while (got < n && d->count) {
		struct uk_netbuf *nb;

		if (uk_netdev_rx_alloc(nd, q, &nb, 1) != 1)
			break;
		memcpy(nb->data, d->q[d->head], d->qlen[d->head]);
		nb->len = d->qlen[d->head];
		if (d->partial_next) {
			/* IPv4/UDP from 14: the checksum field holds the pseudo-header sum. */
			d->partial_next = 0;
			nb->csum_start = 34;
			nb->csum_offset = 6;
			uk_netdev_csum_complete(nb);
			nb->flags |= UK_NETBUF_F_DATA_VALID;
		}
		d->head = (d->head + 1) % RING;
		d->count--;
		pkts[got++] = nb;
	}
	return (int)got;
}

static int lo_tx(struct uk_netdev *nd, uint16_t q, struct uk_netbuf **pkts, unsigned n)
{
	struct loopdev *d = (struct loopdev *)nd;
	unsigned sent;

	(void)q;
	for (sent = 0; sent < n && d->count < RING; sent++) {
		unsigned slot = (d->head + d->count) % RING, len = 0;

		for (struct uk_netbuf *p = pkts[sent]; p; p = p->next) {
			memcpy(d->q[slot] + len, p->data, p->len);
			len += p->len;
		}
		d->qlen[slot] = len;
		d->count++;
		uk_netbuf_release(pkts[sent]);
		if (d->armed) {
			d->armed = 0;
			uk_netdev_rx_irq(nd, 0);
		}
	}
	return (int)sent;
}

static int lo_intr_enable(struct uk_netdev *nd, uint16_t q)
{
	struct loopdev *d = (struct loopdev *)nd;

	(void)q;
	if (!nd->info.rx_intr)
		return -UK_NETDEV_ENOTSUP;
	d->armed = 1;
	return d->count ? 1 : 0;
}

static const struct uk_netdev_ops lo_ops = { lo_configure, lo_rxq, lo_txq, lo_start, lo_rx, lo_tx,
					     lo_intr_enable, 0, 0 };

static struct loopdev lo, bad;
static int callbacks;

static void on_rx(struct uk_netdev *dev, uint16_t q, void *arg)
{
	(void)dev, (void)q;
	callbacks += *(int *)arg;
}

static void init_dev(struct loopdev *d, const char *name)
{
	d->nd.ops = &lo_ops;
	d->nd.info.name = name;
	d->nd.info.mtu = 1500;
	d->nd.info.max_rx_queues = d->nd.info.max_tx_queues = 1;
	d->nd.info.max_rx_desc = d->nd.info.max_tx_desc = RING;
	d->nd.info.max_tx_segs = 2;
	d->nd.info.offloads = UK_NETDEV_OFFLOAD_RX_CSUM;
#ifdef WITH_INTR
	d->nd.info.rx_intr = (uint8_t)uk_netdev_can_interrupt();
#else
	d->nd.info.rx_intr = 0;
#endif
}

int main(void)
{
	struct uk_netdev *dev;
	struct uk_netdev_conf conf = { 1, 1, 0 };
	struct uk_netdev_rxq_conf rxc = { 0, alloc, 0 };
	struct uk_netdev_txq_conf txc = { 0 };
	struct uk_netbuf *pkts[8], *a, *b;
	struct uk_netdev_stats st;
	int one = 1;

	/* Registration: a bad device is refused with a message, numbering goes on. */
	init_dev(&bad, "bad0");
	bad.nd.info.mtu = 10;
	CHECK(uk_netdev_register(&bad.nd) == -UK_NETDEV_EINVAL);
	init_dev(&lo, "lo0");
	CHECK(uk_netdev_register(&lo.nd) == 0);
	dev = uk_netdev_get(0);
	CHECK(uk_netdev_count() == 1 && dev == &lo.nd && !uk_netdev_get(1));
	CHECK(uk_netdev_register(&lo.nd) == 0 && uk_netdev_count() == 1); /* twice is harmless */
	CHECK(uk_netdev_link_up(dev) == 1);

	/* Order: nothing before configure; bad configurations refused. */
	CHECK(uk_netdev_rxq_setup(dev, 0, &rxc) == -UK_NETDEV_EBUSY);
	CHECK(uk_netdev_start(dev) == -UK_NETDEV_EBUSY);
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, 8) == -UK_NETDEV_EBUSY);
	conf.nb_rx_queues = 2;
	CHECK(uk_netdev_configure(dev, &conf) == -UK_NETDEV_EINVAL);
	conf.nb_rx_queues = 1;
	conf.offloads = UK_NETDEV_OFFLOAD_TX_CSUM; /* not offered */
	CHECK(uk_netdev_configure(dev, &conf) == -UK_NETDEV_EINVAL);
	conf.offloads = UK_NETDEV_OFFLOAD_RX_CSUM;
	CHECK(uk_netdev_configure(dev, &conf) == 0);
	CHECK(uk_netdev_configure(dev, &conf) == -UK_NETDEV_EBUSY);
	CHECK(uk_netdev_rxq_setup(dev, 1, &rxc) == -UK_NETDEV_EINVAL);
	rxc.nb_desc = RING + 1;
	CHECK(uk_netdev_rxq_setup(dev, 0, &rxc) == -UK_NETDEV_EINVAL);
	rxc.nb_desc = 0;
	CHECK(uk_netdev_start(dev) == -UK_NETDEV_EBUSY); /* queues not set up */
	CHECK(uk_netdev_rxq_setup(dev, 0, &rxc) == 0);
	CHECK(uk_netdev_rxq_setup(dev, 0, &rxc) == -UK_NETDEV_EBUSY);
	CHECK(uk_netdev_txq_setup(dev, 0, &txc) == 0);
	CHECK(uk_netdev_start(dev) == 0);
	CHECK(uk_netdev_start(dev) == -UK_NETDEV_EBUSY);
	CHECK(uk_netdev_tx_burst(dev, 1, pkts, 1) == -UK_NETDEV_EINVAL);

	/* Loopback: two packets out, two in, counted. */
	pkts[0] = frame(60);
	pkts[1] = frame(1514);
	CHECK(uk_netdev_tx_burst(dev, 0, pkts, 2) == 2);
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, 8) == 2);
	CHECK(pkts[0]->len == 60 && pkts[1]->len == 1514 && pkts[1]->data[1513] == (unsigned char)1513);
	uk_netbuf_release(pkts[0]);
	uk_netbuf_release(pkts[1]);
	uk_netdev_stats_get(dev, &st);
	CHECK(st.tx_packets == 2 && st.tx_bytes == 1574 && st.rx_packets == 2 && st.rx_bytes == 1574);

	/* Refusals: each bad packet is taken, released and counted; good ones around it go. */
	released = 0;
	pkts[0] = frame(100);
	pkts[1] = frame(1515); /* longer than mtu + 14 */
	pkts[2] = frame(10);   /* shorter than an Ethernet header */
	pkts[3] = frame(100);
	pkts[3]->data -= 8;    /* 56 bytes of headroom */
	pkts[4] = frame(100);
	pkts[4]->flags = UK_NETBUF_F_CSUM_PARTIAL; /* TX_CSUM not configured */
	a = frame(40);
	b = frame(40);
	a->next = b;
	b->next = frame(40); /* three pieces, two allowed */
	pkts[5] = a;
	pkts[6] = frame(64);
	CHECK(uk_netdev_tx_burst(dev, 0, pkts, 7) == 7);
	uk_netdev_stats_get(dev, &st);
	CHECK(st.tx_errors == 5 && st.tx_packets == 4);
	CHECK(released == 7); /* loopback releases what it sends; a chain once, by its head */
	released = 0;
	in_use[b->next - bufs] = in_use[b - bufs] = 0; /* the chain's owner frees its pieces */
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, 8) == 2);
	CHECK(pkts[0]->len == 100 && pkts[1]->len == 64);
	uk_netbuf_release(pkts[0]);
	uk_netbuf_release(pkts[1]);

	/* A full ring: the rest stays the caller's, counted in tx_drops. */
	for (int i = 0; i < 6; i++)
		pkts[i] = frame(60);
	CHECK(uk_netdev_tx_burst(dev, 0, pkts, 6) == RING);
	uk_netdev_stats_get(dev, &st);
	CHECK(st.tx_drops == 2);
	uk_netbuf_release(pkts[4]);
	uk_netbuf_release(pkts[5]);
	CHECK(uk_netdev_tx_burst(dev, 0, 0, 0) == 0); /* collect only */
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, 8) == RING);
	for (int i = 0; i < RING; i++)
		uk_netbuf_release(pkts[i]);

	/* Receive buffers too small are refused (released, counted), the frame waits. */
	pkts[0] = frame(60);
	CHECK(uk_netdev_tx_burst(dev, 0, pkts, 1) == 1);
	headroom = 32;
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, 8) == 0);
	headroom = 64;
	bufsize = 1000;
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, 8) == 0);
	bufsize = BUFSZ;
	uk_netdev_stats_get(dev, &st);
	CHECK(st.rx_errors == 2);
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, 8) == 1);
	uk_netbuf_release(pkts[0]);

	/* Checksum completion: a UDP datagram whose checksum the "host" left partial. */
	{
		static const unsigned char udp[] = {
			/* eth */ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
			/* ip */ 0x45, 0, 0, 32, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
			/* udp */ 0x9c, 0x40, 0, 7, 0, 12, 0, 0, 'p', 'i', 'n', 'g',
		};
		uint32_t sum = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 17 + 12; /* pseudo-header */
		unsigned char *u;

		pkts[0] = frame(sizeof(udp));
		memcpy(pkts[0]->data, udp, sizeof(udp));
		pkts[0]->data[40] = (unsigned char)(sum >> 8);
		pkts[0]->data[41] = (unsigned char)sum;
		CHECK(uk_netdev_tx_burst(dev, 0, pkts, 1) == 1);
		lo.partial_next = 1;
		CHECK(uk_netdev_rx_burst(dev, 0, pkts, 1) == 1);
		u = pkts[0]->data + 34;
		/* The receiver's check: the sum over pseudo-header and datagram is 0xffff. */
		sum = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 17 + 12;
		for (int i = 0; i < 12; i += 2)
			sum += (uint32_t)(u[i] << 8 | u[i + 1]);
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		CHECK(sum == 0xffff);
		CHECK(!(pkts[0]->flags & UK_NETBUF_F_CSUM_PARTIAL) && (pkts[0]->flags & UK_NETBUF_F_DATA_VALID));
		pkts[0]->csum_start = 60; /* outside the packet */
		CHECK(uk_netdev_csum_complete(pkts[0]) == -UK_NETDEV_EINVAL);
		uk_netbuf_release(pkts[0]);
	}

	/* Interrupts: one callback per arming; refused by a device that cannot interrupt. */
#ifdef WITH_INTR
	CHECK(uk_netdev_rxq_intr_enable(dev, 0, on_rx, &one) == 0);
	pkts[0] = frame(60);
	pkts[1] = frame(60);
	CHECK(uk_netdev_tx_burst(dev, 0, pkts, 1) == 1);
	CHECK(callbacks == 1);
	lo.armed = 1; /* the device interrupts again, but nobody re-armed */
	CHECK(uk_netdev_tx_burst(dev, 0, pkts + 1, 1) == 1);
	CHECK(callbacks == 1);
	CHECK(uk_netdev_rxq_intr_enable(dev, 0, on_rx, &one) == 1); /* packets already wait */
	uk_netdev_rxq_intr_disable(dev, 0);
	uk_netdev_stats_get(dev, &st);
	CHECK(st.rx_interrupts == 2);
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, 8) == 2);
	uk_netbuf_release(pkts[0]);
	uk_netbuf_release(pkts[1]);
	printf("OK interrupts\n");
#else
	CHECK(uk_netdev_rxq_intr_enable(dev, 0, on_rx, &one) == -UK_NETDEV_ENOTSUP);
	CHECK(callbacks == 0);
	printf("OK polled\n");
#endif
	for (int i = 0; i < NBUF; i++)
		CHECK(!in_use[i]);
	return failures ? 1 : 0;
}
