/*
 * The virtio block device as the virtio 1.x specification defines it
 * (section "Block Device"): feature bits, configuration layout and the
 * request format. Only what this driver uses.
 */
#ifndef UK_BLKDEV_VIRTIO_BLK_H
#define UK_BLKDEV_VIRTIO_BLK_H

#include <stdint.h>

/* Feature bits. */
#define VBLK_F_SIZE_MAX 1 /* size_max: the largest data segment */
#define VBLK_F_SEG_MAX 2  /* seg_max: the most data segments per request */
#define VBLK_F_RO 5       /* the device is read-only */
#define VBLK_F_BLK_SIZE 6 /* blk_size: the logical block size */
#define VBLK_F_FLUSH 9    /* the device has a cache and takes FLUSH requests */

/* Configuration space offsets (little-endian fields). */
#define VBLK_CFG_CAPACITY 0  /* u64, in 512-byte sectors whatever blk_size is */
#define VBLK_CFG_SIZE_MAX 8  /* u32 */
#define VBLK_CFG_SEG_MAX 12  /* u32 */
#define VBLK_CFG_BLK_SIZE 20 /* u32 */

/* Every request: a header the device reads, data, a status byte it writes. */
#define VBLK_T_IN 0
#define VBLK_T_OUT 1
#define VBLK_T_FLUSH 4

struct vblk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector; /* 512-byte units */
};

#define VBLK_S_OK 0
#define VBLK_S_IOERR 1
#define VBLK_S_UNSUPP 2

#define VBLK_SECTOR 512u

#endif
