/* Answering frames in place: ARP requests for our address, UDP to our port. */
#ifndef UDP_ECHO_ECHO_H
#define UDP_ECHO_ECHO_H

#include <stdint.h>
#include <uk/netdev.h>

struct echo_cfg {
	uint8_t mac[UK_NETDEV_ETH_ALEN];
	uint32_t ip;   /* network byte order */
	uint16_t port; /* host byte order */
	int tx_csum;   /* leave UDP checksums to the device (UK_NETDEV_OFFLOAD_TX_CSUM) */
};

enum echo_verdict {
	ECHO_DROP = 0,  /* not for us: release it */
	ECHO_REPLY = 1, /* nb now holds the answer: send it */
	ECHO_QUIT = 2,  /* a UDP echo whose payload is "quit": send it, then stop */
};

/* What to do with a received frame; rewrites it into the answer. */
enum echo_verdict echo_frame(const struct echo_cfg *cfg, struct uk_netbuf *nb, int *is_arp);

#endif
