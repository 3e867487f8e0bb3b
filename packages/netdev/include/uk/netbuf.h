/*
 * Packet buffers of the network device API (@uk/netdev): one contiguous
 * piece of memory holding a packet somewhere inside it, with room in front
 * (headroom) so that a stack can prepend its headers, and a driver its
 * device header (virtio-net's 12 bytes), in place without copying.
 *
 *      buf                data                data+len         buf+buflen
 *       |--- headroom ---|====== packet ======|--- tailroom ---|
 *
 * Whoever creates a netbuf owns it and says how it is given back: release
 * is called exactly once, by the last holder, when the buffer is done with
 * (a driver after transmitting it; a consumer after using a received one).
 * A transmitted packet may be a chain of netbufs linked by next (gather:
 * the stack's headers in one buffer, the payload in others); a driver
 * releases the head once the whole chain is sent, and the head's owner
 * frees the rest. Received packets are always one netbuf.
 *
 * ABI: the semver major of @uk/netdev.
 */
#ifndef UK_NETBUF_H
#define UK_NETBUF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Headroom every buffer handed to a driver (rx or tx head) has at least. */
#define UK_NETBUF_HEADROOM_MIN 64

/* flags */
/* rx: the device checked the packet's IP/TCP/UDP checksums and they are good. */
#define UK_NETBUF_F_DATA_VALID 0x1
/*
 * tx: the layer-4 checksum is left to the device: the 16-bit ones'
 * complement sum from csum_start (bytes from data) to the end of the packet
 * is stored at csum_start + csum_offset, which holds the pseudo-header sum.
 * Only with the UK_NETDEV_OFFLOAD_TX_CSUM offload configured.
 */
#define UK_NETBUF_F_CSUM_PARTIAL 0x2

struct uk_netbuf;
typedef void (*uk_netbuf_release_fn)(struct uk_netbuf *nb);

struct uk_netbuf {
	uint8_t *data;       /* the packet (an Ethernet frame, without FCS) */
	uint32_t len;        /* bytes at data; for a chain, this piece only */
	uint16_t flags;      /* UK_NETBUF_F_* */
	uint16_t csum_start; /* UK_NETBUF_F_CSUM_PARTIAL: see above */
	uint16_t csum_offset;
	uint16_t reserved;
	void *buf;           /* the memory the packet lives in */
	uint32_t buflen;     /* its size */
	struct uk_netbuf *next;      /* tx: the packet's next piece, NULL at the end */
	uk_netbuf_release_fn release; /* gives the buffer back; NULL: nothing to do */
	void *priv;                   /* the owner's (e.g. the stack's packet) */
};

/*
 * Make nb describe buflen bytes at buf, empty, with data headroom bytes in;
 * release and priv as given. flags 0, next NULL.
 */
static inline void uk_netbuf_init(struct uk_netbuf *nb, void *buf, uint32_t buflen, uint32_t headroom,
				  uk_netbuf_release_fn release, void *priv)
{
	nb->buf = buf;
	nb->buflen = buflen;
	nb->data = (uint8_t *)buf + (headroom < buflen ? headroom : buflen);
	nb->len = 0;
	nb->flags = 0;
	nb->csum_start = nb->csum_offset = nb->reserved = 0;
	nb->next = 0;
	nb->release = release;
	nb->priv = priv;
}

static inline size_t uk_netbuf_headroom(const struct uk_netbuf *nb)
{
	return (size_t)(nb->data - (uint8_t *)nb->buf);
}

static inline size_t uk_netbuf_tailroom(const struct uk_netbuf *nb)
{
	return nb->buflen - uk_netbuf_headroom(nb) - nb->len;
}

/* Grow the packet by n bytes at the front; NULL (unchanged) without the headroom. */
static inline uint8_t *uk_netbuf_push(struct uk_netbuf *nb, size_t n)
{
	if (uk_netbuf_headroom(nb) < n)
		return 0;
	nb->data -= n;
	nb->len += (uint32_t)n;
	return nb->data;
}

/* Drop n bytes from the front; NULL (unchanged) when the packet is shorter. */
static inline uint8_t *uk_netbuf_pull(struct uk_netbuf *nb, size_t n)
{
	if (nb->len < n)
		return 0;
	nb->data += n;
	nb->len -= (uint32_t)n;
	return nb->data;
}

/* The whole packet's length: the sum over the chain. */
static inline size_t uk_netbuf_pktlen(const struct uk_netbuf *nb)
{
	size_t n = 0;

	for (; nb; nb = nb->next)
		n += nb->len;
	return n;
}

/* Give the buffer (a chain: its head) back to its owner. */
static inline void uk_netbuf_release(struct uk_netbuf *nb)
{
	if (nb->release)
		nb->release(nb);
}

#ifdef __cplusplus
}
#endif

#endif /* UK_NETBUF_H */
