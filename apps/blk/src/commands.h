/* The app's commands over disk 0; each returns 0 or a negative errno. */
#ifndef BLK_COMMANDS_H
#define BLK_COMMANDS_H

#include <stdint.h>
#include <uk/blkdev.h>

int cmd_sha256(struct uk_blkdev *dev, uint64_t offset, uint64_t len);
int cmd_write(struct uk_blkdev *dev, uint64_t offset, uint64_t len, uint64_t seed);
int cmd_parallel(struct uk_blkdev *dev, uint64_t n, uint64_t offset, uint64_t len);
int cmd_readbuf(struct uk_blkdev *dev, uint64_t offset, uint64_t len, uint64_t shift);

#endif
