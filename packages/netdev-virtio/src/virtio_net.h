/*
 * The virtio network device as the virtio 1.x specification defines it
 * (section "Network Device"): feature bits, configuration layout and the
 * header in front of every packet. Only what this driver uses.
 */
#ifndef UK_NETDEV_VIRTIO_NET_H
#define UK_NETDEV_VIRTIO_NET_H

#include <stdint.h>

/* Feature bits. */
#define VNET_F_CSUM 0       /* the device completes partial checksums we send */
#define VNET_F_GUEST_CSUM 1 /* we accept packets with partial checksums */
#define VNET_F_MTU 3        /* config mtu is the device's maximum */
#define VNET_F_MAC 5        /* config mac holds the address */
#define VNET_F_STATUS 16    /* config status holds the link state */

/* Configuration space offsets. */
#define VNET_CFG_MAC 0    /* u8[6] */
#define VNET_CFG_STATUS 6 /* u16 */
#define VNET_CFG_MTU 10   /* u16 */
#define VNET_S_LINK_UP 1

/* Queue indexes of the first (only) pair. */
#define VNET_RXQ 0
#define VNET_TXQ 1

/*
 * In front of every packet, both ways. With VERSION_1 it always has
 * num_buffers, so it is 12 bytes whether or not mergeable buffers are used.
 */
struct vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};
#define VNET_HDR_F_NEEDS_CSUM 1
#define VNET_HDR_F_DATA_VALID 2
#define VNET_HDR_GSO_NONE 0

#endif
