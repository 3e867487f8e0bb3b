/*
 * The protocol part of udp-echo, with no stack: Ethernet II, ARP (RFC 826)
 * and IPv4/UDP (RFC 791, 768), just enough to be reached. An answer is
 * written over the request in its own buffer: swap the addresses and
 * ports. Swapping leaves the UDP checksum valid (the pseudo-header sums
 * the same two addresses), so only the IPv4 header checksum is redone,
 * because the TTL is reset. With the transmit checksum offload the UDP
 * checksum is left to the device instead (as a stack would): the field
 * gets the pseudo-header's sum and the packet is marked CSUM_PARTIAL.
 */
#include <string.h>
#include "echo.h"

#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define ARP_REQUEST 1
#define ARP_REPLY 2
#define IPPROTO_UDP 17
#define TTL 64

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void swap(uint8_t *a, uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t t = a[i];

		a[i] = b[i];
		b[i] = t;
	}
}

static uint16_t ip_checksum(const uint8_t *h, unsigned len)
{
	uint32_t sum = 0;

	for (unsigned i = 0; i < len; i += 2)
		sum += get16(h + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static enum echo_verdict arp(const struct echo_cfg *cfg, uint8_t *eth, uint32_t len)
{
	uint8_t *a = eth + 14;

	/* Ethernet/IPv4 request for our address: htype 1, ptype 0x0800, hlen 6, plen 4. */
	if (len < 14 + 28 || get16(a) != 1 || get16(a + 2) != ETH_P_IP || a[4] != 6 || a[5] != 4 ||
	    get16(a + 6) != ARP_REQUEST || memcmp(a + 24, &cfg->ip, 4) != 0)
		return ECHO_DROP;
	put16(a + 6, ARP_REPLY);
	memcpy(a + 18, a + 8, 10);     /* target = the sender (MAC and IP) */
	memcpy(a + 8, cfg->mac, 6);    /* sender = us */
	memcpy(a + 14, &cfg->ip, 4);
	memcpy(eth, a + 18, 6);        /* to the asker */
	memcpy(eth + 6, cfg->mac, 6);
	return ECHO_REPLY;
}

static enum echo_verdict udp(const struct echo_cfg *cfg, struct uk_netbuf *nb)
{
	uint8_t *eth = nb->data, *ip = eth + 14, *u;
	uint32_t len = nb->len;
	unsigned ihl, total;

	if (len < 14 + 20 || (ip[0] >> 4) != 4)
		return ECHO_DROP;
	ihl = (ip[0] & 0xf) * 4u;
	total = get16(ip + 2);
	if (ihl < 20 || total < ihl + 8 || 14 + total > len || ip[9] != IPPROTO_UDP ||
	    memcmp(ip + 16, &cfg->ip, 4) != 0 || (get16(ip + 6) & 0x3fff) != 0 /* fragments */)
		return ECHO_DROP;
	u = ip + ihl;
	if (get16(u + 2) != cfg->port)
		return ECHO_DROP;
	swap(eth, eth + 6, 6);
	memcpy(eth + 6, cfg->mac, 6);
	swap(ip + 12, ip + 16, 4);
	swap(u, u + 2, 2);
	ip[8] = TTL;
	put16(ip + 10, 0);
	put16(ip + 10, ip_checksum(ip, ihl));
	nb->len = 14 + total; /* without the padding of a short frame */
	if (cfg->tx_csum) {
		uint32_t sum = get16(ip + 12) + get16(ip + 14) + get16(ip + 16) + get16(ip + 18) +
			       IPPROTO_UDP + get16(u + 4);

		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		put16(u + 6, (uint16_t)sum);
		nb->flags |= UK_NETBUF_F_CSUM_PARTIAL;
		nb->csum_start = (uint16_t)(14 + ihl);
		nb->csum_offset = 6;
	}
	if (total - ihl - 8 == 4 && memcmp(u + 8, "quit", 4) == 0)
		return ECHO_QUIT;
	return ECHO_REPLY;
}

enum echo_verdict echo_frame(const struct echo_cfg *cfg, struct uk_netbuf *nb, int *is_arp)
{
	uint8_t *eth = nb->data;

	*is_arp = 0;
	if (nb->len < 14)
		return ECHO_DROP;
	switch (get16(eth + 12)) {
	case ETH_P_ARP:
		*is_arp = 1;
		return arp(cfg, eth, nb->len);
	case ETH_P_IP:
		return udp(cfg, nb);
	default:
		return ECHO_DROP;
	}
}
