/*
 * @uk/netdev on linuxu: each `--uk net=tap:IFNAME` or `net=stream:/PATH`
 * platform parameter (a host device of kind NET, through @uk/bus) becomes
 * a network device, in the order given, with one queue pair. The host
 * does the work synchronously: a frame is read into the consumer's buffer
 * when rx_burst asks for it and written when tx_burst hands it over (and
 * released at once). There are no interrupts on linuxu: consumers poll.
 * Each link gets a random locally administered MAC (02:75:6b:..).
 */
#include <uk/bus.h>
#include <uk/netdev_impl.h>
#include <uk/plat.h>
#include "link.h"

#ifndef CONFIG_UK_NETDEV_LINUXU_MAX_DEVICES
#define CONFIG_UK_NETDEV_LINUXU_MAX_DEVICES 4
#endif

#define MTU 1500
#define DESC 256     /* what a queue is said to hold; the host buffers for us */
#define TX_SEGS 16

static struct link links[CONFIG_UK_NETDEV_LINUXU_MAX_DEVICES];
static unsigned nlinks;

void link_say(const char *a, const char *b, const char *c)
{
	const char *s[3] = { a, b, c };

	for (int i = 0; i < 3; i++) {
		size_t n = 0;

		while (s[i][n])
			n++;
		uk_plat_console_write(s[i], n);
	}
}

const char *link_errstr(long rc, char *buf)
{
	unsigned long v = (unsigned long)(rc < 0 ? -rc : rc);
	char t[8];
	int n = 0, i = 0;
	const char *p = "error ";

	while (*p)
		buf[i++] = *p++;
	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 8);
	while (n)
		buf[i++] = t[--n];
	buf[i] = '\0';
	return buf;
}

static int lx_configure(struct uk_netdev *nd, const struct uk_netdev_conf *conf)
{
	(void)nd, (void)conf;
	return 0;
}

static int lx_rxq_setup(struct uk_netdev *nd, uint16_t q, const struct uk_netdev_rxq_conf *conf)
{
	(void)nd, (void)q, (void)conf;
	return 0;
}

static int lx_txq_setup(struct uk_netdev *nd, uint16_t q, const struct uk_netdev_txq_conf *conf)
{
	(void)nd, (void)q, (void)conf;
	return 0;
}

static int lx_start(struct uk_netdev *nd)
{
	(void)nd;
	return 0;
}

static int lx_rx_burst(struct uk_netdev *nd, uint16_t q, struct uk_netbuf **pkts, unsigned n)
{
	struct link *l = nd->driver_data;
	uint8_t scratch[MTU + UK_NETDEV_ETH_HLEN];
	unsigned got = 0;

	while (got < n && !l->down) {
		struct uk_netbuf *nb = l->spare;
		long len;

		if (!nb && uk_netdev_rx_alloc(nd, q, &nb, 1) == 1)
			l->spare = nb;
		if (!nb) {
			/* No buffer: take the frame off the host anyway, and count it lost. */
			len = l->be->recv(l, scratch, sizeof(scratch));
			if (len <= 0)
				break;
			nd->stats.rx_drops++;
			continue;
		}
		len = l->be->recv(l, nb->data, (uint32_t)(nb->buflen - uk_netbuf_headroom(nb)));
		if (len == 0)
			break;
		if (len < UK_NETDEV_ETH_HLEN) {
			/* A runt or an oversized stream frame is skipped; a host error ends the burst. */
			nd->stats.rx_errors++;
			if (l->down || (len < 0 && len != -90))
				break;
			continue;
		}
		nb->len = (uint32_t)len;
		nb->flags = 0;
		l->spare = 0;
		pkts[got++] = nb;
	}
	return (int)got;
}

static int lx_tx_burst(struct uk_netdev *nd, uint16_t q, struct uk_netbuf **pkts, unsigned n)
{
	struct link *l = nd->driver_data;
	unsigned sent;

	(void)q;
	for (sent = 0; sent < n; sent++) {
		struct uk_netbuf *nb = pkts[sent], *p;
		struct host_iovec iov[TX_SEGS];
		uint32_t len = 0;
		int k = 0;
		long rc;

		/* No device to finish a checksum: the core refuses CSUM_PARTIAL (no TX_CSUM offered). */
		for (p = nb; p && k < TX_SEGS; p = p->next) {
			iov[k].base = p->data;
			iov[k++].len = p->len;
			len += p->len;
		}
		rc = l->down ? -32 : l->be->send(l, iov, k, len);
		if (rc == -HOST_EAGAIN)
			break; /* the host is full: the caller keeps the rest */
		if (rc < 0)
			nd->stats.tx_errors++; /* taken (so in tx_packets too) but lost */
		uk_netbuf_release(nb);
	}
	return (int)sent;
}

static int lx_rxq_intr_enable(struct uk_netdev *nd, uint16_t q)
{
	(void)nd, (void)q;
	return -UK_NETDEV_ENOTSUP;
}

static int lx_link_up(struct uk_netdev *nd)
{
	return !((struct link *)nd->driver_data)->down;
}

static const struct uk_netdev_ops lx_ops = {
	.configure = lx_configure,
	.rxq_setup = lx_rxq_setup,
	.txq_setup = lx_txq_setup,
	.start = lx_start,
	.rx_burst = lx_rx_burst,
	.tx_burst = lx_tx_burst,
	.rxq_intr_enable = lx_rxq_intr_enable,
	.rxq_intr_disable = 0,
	.link_up = lx_link_up,
};

static int lx_match(const struct uk_bus_dev *dev)
{
	return dev->kind == UK_BUS_HOST && dev->u.host.kind == UK_BUS_HOST_NET;
}

static const struct backend *backend_for(const char *value, const char **rest)
{
	static const struct backend *const all[] = { &link_tap, &link_stream };

	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *p = all[i]->prefix, *v = value;

		while (*p && *p == *v)
			p++, v++;
		if (!*p) {
			*rest = v;
			return all[i];
		}
	}
	return 0;
}

static void set_name(struct link *l, const char *kind, unsigned unit)
{
	unsigned i = 0;

	while (*kind && *kind != ':')
		l->name[i++] = *kind++;
	if (unit >= 10)
		l->name[i++] = (char)('0' + unit / 10 % 10);
	l->name[i++] = (char)('0' + unit % 10);
	l->name[i] = '\0';
}

static void random_mac(uint8_t *mac, unsigned unit)
{
	uint8_t r[3] = { 0, 0, (uint8_t)unit };

	host_call4(HOST_SYS_getrandom, (long)r, sizeof(r), 0, 0);
	mac[0] = 0x02; /* locally administered, unicast */
	mac[1] = 0x75;
	mac[2] = 0x6b;
	mac[3] = r[0];
	mac[4] = r[1];
	mac[5] = r[2];
}

static int lx_probe(struct uk_bus_dev *dev)
{
	const struct backend *be;
	const char *rest;
	struct link *l;
	int rc;

	if (nlinks == CONFIG_UK_NETDEV_LINUXU_MAX_DEVICES) {
		link_say("[netdev-linuxu] too many links: raise the max_devices option of @uk/netdev-linuxu\n", "", "");
		return -UK_BUS_ENOSPC;
	}
	be = backend_for(dev->u.host.path, &rest);
	if (!be) {
		link_say("[netdev-linuxu] unknown link ", dev->u.host.path, ": use tap:IFNAME or stream:/PATH\n");
		return -UK_BUS_EINVAL;
	}
	l = &links[nlinks];
	l->be = be;
	set_name(l, be->prefix, dev->u.host.unit);
	rc = be->open(l, rest);
	if (rc < 0)
		return rc;
	l->nd.ops = &lx_ops;
	l->nd.driver_data = l;
	l->nd.info.name = l->name;
	random_mac(l->nd.info.mac, dev->u.host.unit);
	l->nd.info.mtu = MTU;
	l->nd.info.max_rx_queues = l->nd.info.max_tx_queues = 1;
	l->nd.info.max_rx_desc = l->nd.info.max_tx_desc = DESC;
	l->nd.info.max_tx_segs = TX_SEGS;
	l->nd.info.offloads = 0;
	l->nd.info.rx_intr = 0;
	rc = uk_netdev_register(&l->nd);
	if (rc < 0) {
		host_call4(HOST_SYS_close, l->fd, 0, 0, 0);
		return rc;
	}
	dev->driver_data = l;
	nlinks++;
	return 0;
}

static const struct uk_bus_driver lx_driver = { "netdev-linuxu", lx_match, lx_probe };
UK_BUS_DRIVER(lx_driver);
