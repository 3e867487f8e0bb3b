/*
 * udp-echo: answers UDP datagrams on network device 0 through @uk/netdev
 * alone -- no TCP/IP stack, no scheduler: one loop polls the receive queue
 * and sends each answer back in the buffer it came in (echo.c), ARP
 * included so that a peer can find us.
 *
 *   udp-echo [PORT] [gather]   default port 7; gather: each answer leaves
 *                              as two chained netbufs (gather.c)
 *
 * The address is the image parameter net.ip (`--uk net.ip=10.0.2.15/24 --`;
 * the prefix is ignored), 10.0.2.15 -- QEMU user networking's guest
 * address -- when not given. A datagram whose payload is "quit" is
 * echoed, then the app prints its counters and exits 0.
 * Exit codes: 0 quit received, 2 bad arguments, 3 no network device,
 * 4 the device could not be brought up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/netdev.h>
#include <uk/plat.h>
#include "echo.h"
#include "gather.h"
#include "pool.h"

#if __has_include(<uk/sched.h>)
/*
 * Built with a scheduler (the tests make such a copy, depending on
 * @uk/sched and @uk/sched-coop, to drive the device's receive interrupt):
 * an idle loop sleeps until the interrupt callback raises the semaphore,
 * instead of spinning.
 */
#include <uk/sched.h>

static struct uk_sem rx_ready;

/* Interrupt context: only wake the loop. */
static void on_rx(struct uk_netdev *dev, uint16_t q, void *arg)
{
	(void)dev, (void)q;
	uk_sem_up(arg);
}

static void wait_init(void)
{
	uk_sem_init(&rx_ready, 0);
}

/* Nothing was received: sleep until something is, when the device can say so. */
static void wait_rx(struct uk_netdev *dev)
{
	if (uk_netdev_rxq_intr_enable(dev, 0, on_rx, &rx_ready) == 0)
		uk_sem_down(&rx_ready);
}

#define USES_INTERRUPTS 1
#else
#define USES_INTERRUPTS 0 /* nothing turns interrupt delivery on */

static void wait_init(void)
{
}

static void wait_rx(struct uk_netdev *dev)
{
	(void)dev; /* run to completion: poll again */
}
#endif

#define BURST 32
#define DEFAULT_IP "10.0.2.15"

/* a.b.c.d, optionally followed by /prefix; network byte order into *out. */
static int parse_ip(const char *s, uint32_t *out)
{
	uint8_t b[4];

	for (int i = 0; i < 4; i++) {
		char *end;
		unsigned long v = strtoul(s, &end, 10);

		if (end == s || v > 255 || (i < 3 && *end != '.') || (i == 3 && *end && *end != '/'))
			return -1;
		b[i] = (uint8_t)v;
		s = end + 1;
	}
	memcpy(out, b, 4);
	return 0;
}

/* Receive buffers kept posted. */
static unsigned posted;

static int bring_up(struct uk_netdev *dev)
{
	const struct uk_netdev_info *i = uk_netdev_info(dev);
	/* The checksum offloads when offered: verified and offloaded packets are counted. */
	struct uk_netdev_conf conf = { 1, 1, i->offloads & (UK_NETDEV_OFFLOAD_RX_CSUM | UK_NETDEV_OFFLOAD_TX_CSUM) };
	struct uk_netdev_rxq_conf rxc = { 0, pool_alloc, 0 };
	struct uk_netdev_txq_conf txc = { 0 };
	int rc;

	/* Half the pool posted for receive, the rest for answers in flight. */
	rxc.nb_desc = (uint16_t)(i->max_rx_desc < POOL_BUFS / 2 ? i->max_rx_desc : POOL_BUFS / 2);
	posted = rxc.nb_desc;
	if ((rc = uk_netdev_configure(dev, &conf)) < 0 || (rc = uk_netdev_rxq_setup(dev, 0, &rxc)) < 0 ||
	    (rc = uk_netdev_txq_setup(dev, 0, &txc)) < 0 || (rc = uk_netdev_start(dev)) < 0)
		return rc;
	return 0;
}

static void print_stats(struct uk_netdev *dev, unsigned long echoed, unsigned long arps, unsigned long verified,
			unsigned long offloaded)
{
	struct uk_netdev_stats s;

	uk_netdev_stats_get(dev, &s);
	printf("echoed %lu arp %lu verified %lu offloaded %lu\n", echoed, arps, verified, offloaded);
	printf("stats rx %llu/%llu drops %llu errors %llu tx %llu/%llu drops %llu errors %llu irqs %llu\n",
	       (unsigned long long)s.rx_packets, (unsigned long long)s.rx_bytes,
	       (unsigned long long)s.rx_drops, (unsigned long long)s.rx_errors,
	       (unsigned long long)s.tx_packets, (unsigned long long)s.tx_bytes,
	       (unsigned long long)s.tx_drops, (unsigned long long)s.tx_errors,
	       (unsigned long long)s.rx_interrupts);
}

int main(int argc, char *argv[])
{
	struct echo_cfg cfg;
	struct uk_netdev *dev;
	const struct uk_netdev_info *info;
	const char *ip = uk_plat_param("net.ip");
	unsigned long echoed = 0, arps = 0, verified = 0, offloaded = 0, port = 7;
	int rc, quit = 0, gather = 0;

	for (int a = 1; a < argc; a++) {
		char *end;

		if (!strcmp(argv[a], "gather")) {
			gather = 1;
			continue;
		}
		port = strtoul(argv[a], &end, 10);
		if (*end || port == 0 || port > 65535) {
			printf("usage: udp-echo [PORT] [gather]  (a port from 1 to 65535)\n");
			return 2;
		}
	}
	if (parse_ip(ip ? ip : DEFAULT_IP, &cfg.ip) < 0) {
		printf("udp-echo: net.ip=%s is not an IPv4 address (a.b.c.d[/prefix])\n", ip);
		return 2;
	}
	dev = uk_netdev_get(0);
	if (!dev) {
		printf("udp-echo: no network device (uk run needs a network: -p, --net; the image needs a driver: @uk/netdev-virtio, @uk/netdev-linuxu)\n");
		return 3;
	}
	info = uk_netdev_info(dev);
	memcpy(cfg.mac, info->mac, sizeof(cfg.mac));
	cfg.port = (uint16_t)port;
	cfg.tx_csum = (info->offloads & UK_NETDEV_OFFLOAD_TX_CSUM) != 0;
	pool_init();
	wait_init();
	if ((rc = bring_up(dev)) < 0) {
		printf("udp-echo: %s could not be started: error %d\n", info->name, rc);
		return 4;
	}
	printf("udp-echo: %s %02x:%02x:%02x:%02x:%02x:%02x mtu %u link %s offloads %#x %s, %s port %lu%s\n",
	       info->name, cfg.mac[0], cfg.mac[1], cfg.mac[2], cfg.mac[3], cfg.mac[4], cfg.mac[5], info->mtu,
	       uk_netdev_link_up(dev) ? "up" : "down", (unsigned)info->offloads,
	       info->rx_intr && USES_INTERRUPTS ? "interrupts" : "polled", ip ? ip : DEFAULT_IP, port, gather ? " gather" : "");
	fflush(stdout);

	while (!quit) {
		struct uk_netbuf *pkts[BURST], *out[BURST];
		int n = uk_netdev_rx_burst(dev, 0, pkts, BURST), k = 0, sent;

		if (n == 0)
			wait_rx(dev);

		for (int i = 0; i < n; i++) {
			int is_arp;
			enum echo_verdict v;

			if (pkts[i]->flags & UK_NETBUF_F_DATA_VALID)
				verified++;
			v = echo_frame(&cfg, pkts[i], &is_arp);

			if (v == ECHO_DROP) {
				uk_netbuf_release(pkts[i]);
				continue;
			}
			/* Split after the Ethernet, IPv4 and UDP headers (any point would do). */
			out[k++] = gather && !is_arp ? gather_split(pkts[i], 14 + 20 + 8) : pkts[i];
			if (is_arp)
				arps++;
			else
				echoed++;
			if (out[k - 1]->flags & UK_NETBUF_F_CSUM_PARTIAL)
				offloaded++;
			if (v == ECHO_QUIT)
				quit = 1;
		}
		for (int done = 0; done < k; done += sent) {
			sent = uk_netdev_tx_burst(dev, 0, out + done, (unsigned)(k - done));
			if (sent < 0)
				sent = 0;
			/* The ring is full: wait for the device, which frees it as it sends. */
		}
	}
	/*
	 * Let the last answers leave before the machine stops: every buffer is
	 * back in the pool but those posted for receive (bounded: 1 s).
	 */
	for (uint64_t end = uk_plat_monotonic_ns() + 1000000000ull;
	     pool_free_count() + posted < POOL_BUFS && uk_plat_monotonic_ns() < end;)
		uk_netdev_tx_burst(dev, 0, 0, 0);
	print_stats(dev, echoed, arps, verified, offloaded);
	return 0;
}
