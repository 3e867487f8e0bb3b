/*
 * The registry of block devices: drivers register each device they find at
 * boot, and the order of registration is the device number consumers see
 * (uk_blkdev_get(0) is the first disk). The list is @uk/bus's
 * uk/devlist.h, shared with the other device classes; this adds what a
 * block device must hold to be registered, and its fresh state.
 */
#include <uk/blkdev_impl.h>
#include "core.h"

static struct uk_devlist devices;

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
	const char *bad = invalid_field(dev);

	if (bad) {
		blk_say3("[uk-blkdev] ", dev->info.name ? dev->info.name : "a device", " not registered: invalid ");
		blk_say3(bad, "\n", "");
		return -UK_BLKDEV_EINVAL;
	}
	if (!uk_devlist_add(&devices, &dev->reg, &dev->index))
		return (int)dev->index; /* registered before: keep its state */
	dev->inflight = 0;
	dev->done_head = dev->done_tail = 0;
	dev->events = 0;
	dev->waiters[0] = dev->waiters[1] = 0;
	__builtin_memset(&dev->stats, 0, sizeof(dev->stats));
	return (int)dev->index;
}

unsigned uk_blkdev_count(void)
{
	return devices.count;
}

struct uk_blkdev *uk_blkdev_get(unsigned index)
{
	return uk_devlist_entry(uk_devlist_get(&devices, index), struct uk_blkdev, reg);
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
