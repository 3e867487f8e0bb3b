/* What the files of @uk/blkdev-core share. */
#ifndef UK_BLKDEV_CORE_H
#define UK_BLKDEV_CORE_H

#include <uk/blkdev_impl.h>

/* Write a, b and c to the console (no libc here). */
void blk_say3(const char *a, const char *b, const char *c);

#endif
