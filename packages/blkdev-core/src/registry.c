/*
 * The registry of block devices: drivers register each device they find at
 * boot, and the order of registration is the device number consumers see
 * (uk_blkdev_get(0) is the first disk). Registration happens at boot on one
 * CPU before threads exist, so the list needs no lock.
 */
#include <uk/blkdev_impl.h>
#include "core.h"

static struct uk_blkdev *head;
static unsigned count;

static int pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

static const char *invalid_field(const struct uk_blkdev *dev)
{
	const struct uk_blkdev_info *i = &dev->info;

	if (!dev->ops || !dev->ops->submit || !dev->ops->reap)
		return "ops";
	if (!pow2(i->sector_size) || i->sector_size < 512)
		return "sector_size";
	if (i->capacity % i->sector_size)
		return "capacity";
	if (!pow2(i->buf_align))
		return "buf_align";
	if (i->max_request < i->sector_size || i->max_request % i->sector_size)
		return "max_request";
	if (!i->queue_depth)
		return "queue_depth";
	return 0;
}

int uk_blkdev_register(struct uk_blkdev *dev)
{
	struct uk_blkdev **link = &head;
	const char *bad = invalid_field(dev);

	if (bad) {
		blk_say3("[uk-blkdev] ", dev->info.name ? dev->info.name : "a device", " not registered: invalid ");
		blk_say3(bad, "\n", "");
		return -UK_BLKDEV_EINVAL;
	}
	while (*link) {
		if (*link == dev)
			return (int)dev->index; /* registering twice is harmless */
		link = &(*link)->next;
	}
	dev->next = 0;
	dev->index = count++;
	dev->inflight = 0;
	dev->done_head = dev->done_tail = 0;
	dev->events = 0;
	dev->waiters[0] = dev->waiters[1] = 0;
	__builtin_memset(&dev->stats, 0, sizeof(dev->stats));
	*link = dev;
	return (int)dev->index;
}

unsigned uk_blkdev_count(void)
{
	return count;
}

struct uk_blkdev *uk_blkdev_get(unsigned index)
{
	struct uk_blkdev *d;

	for (d = head; d; d = d->next)
		if (d->index == index)
			return d;
	return 0;
}

const struct uk_blkdev_info *uk_blkdev_info(const struct uk_blkdev *dev)
{
	return &dev->info;
}

uint64_t uk_blkdev_capacity(const struct uk_blkdev *dev)
{
	return dev->info.capacity;
}

uint32_t uk_blkdev_sector_size(const struct uk_blkdev *dev)
{
	return dev->info.sector_size;
}

unsigned uk_blkdev_inflight(const struct uk_blkdev *dev)
{
	return dev->inflight;
}

void uk_blkdev_stats_get(const struct uk_blkdev *dev, struct uk_blkdev_stats *out)
{
	*out = dev->stats;
}

void uk_blkdev_stats_reset(struct uk_blkdev *dev)
{
	__builtin_memset(&dev->stats, 0, sizeof(dev->stats));
}
