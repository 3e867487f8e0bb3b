/*
 * The Internet checksum (RFC 1071) for packets whose layer-4 checksum was
 * left partial: the sum from csum_start to the end, over a field that
 * already holds the pseudo-header's sum. Used by drivers whose device
 * cannot finish it, and on receive when the host handed the packet over
 * unfinished (a tap with offloads). Integer only: it may run in any
 * library, which on kvm is built without SSE.
 */
#include "core.h"

int uk_netdev_csum_complete(struct uk_netbuf *nb)
{
	uint32_t start = nb->csum_start, at = start + nb->csum_offset;
	const uint8_t *p = nb->data + start;
	uint32_t n, i;
	uint64_t sum = 0;
	uint16_t c;

	if (at + 2 > nb->len || start > nb->len)
		return -UK_NETDEV_EINVAL;
	n = nb->len - start;
	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	c = (uint16_t)~sum;
	/* 0 means "no checksum" to UDP; 0xffff is the same value in ones' complement. */
	if (!c)
		c = 0xffff;
	nb->data[at] = (uint8_t)(c >> 8);
	nb->data[at + 1] = (uint8_t)c;
	nb->flags &= (uint16_t)~UK_NETBUF_F_CSUM_PARTIAL;
	return 0;
}
