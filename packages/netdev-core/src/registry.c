/*
 * The registry of network devices: drivers register each device they find
 * at boot, and the order of registration is the device number consumers
 * see (uk_netdev_get(0) is the first link). The list is @uk/bus's
 * uk/devlist.h, shared with the other device classes; this adds what a
 * network device must hold to be registered, and its fresh state.
 */
#include "core.h"

static struct uk_devlist devices;

static const char *invalid_field(const struct uk_netdev *dev)
{
	const struct uk_netdev_ops *o = dev->ops;
	const struct uk_netdev_info *i = &dev->info;

	if (!o || !o->configure || !o->rxq_setup || !o->txq_setup || !o->start || !o->rx_burst ||
	    !o->tx_burst || !o->rxq_intr_enable)
		return "ops";
	if (!i->max_rx_queues || i->max_rx_queues > UK_NETDEV_MAX_QUEUES)
		return "max_rx_queues";
	if (!i->max_tx_queues || i->max_tx_queues > UK_NETDEV_MAX_QUEUES)
		return "max_tx_queues";
	if (!i->max_rx_desc || !i->max_tx_desc)
		return "max_rx_desc/max_tx_desc";
	if (!i->max_tx_segs)
		return "max_tx_segs";
	if (i->mtu < 68) /* the least IPv4 allows */
		return "mtu";
	return 0;
}

int uk_netdev_register(struct uk_netdev *dev)
{
	const char *bad = invalid_field(dev);

	if (bad) {
		nd_say3("[uk-netdev] ", dev->info.name ? dev->info.name : "a device", " not registered: invalid ");
		nd_say3(bad, "\n", "");
		return -UK_NETDEV_EINVAL;
	}
	if (!uk_devlist_add(&devices, &dev->reg, &dev->index))
		return (int)dev->index; /* registered before: keep its state */
	dev->state = ND_REGISTERED;
	dev->rxq_ready = dev->txq_ready = 0;
	__builtin_memset(&dev->conf, 0, sizeof(dev->conf));
	__builtin_memset(dev->rxq, 0, sizeof(dev->rxq));
	__builtin_memset(&dev->stats, 0, sizeof(dev->stats));
	return (int)dev->index;
}

unsigned uk_netdev_count(void)
{
	return devices.count;
}

struct uk_netdev *uk_netdev_get(unsigned index)
{
	return uk_devlist_entry(uk_devlist_get(&devices, index), struct uk_netdev, reg);
}

const struct uk_netdev_info *uk_netdev_info(const struct uk_netdev *dev)
{
	return &dev->info;
}

void uk_netdev_stats_get(const struct uk_netdev *dev, struct uk_netdev_stats *out)
{
	*out = dev->stats;
}

void uk_netdev_stats_reset(struct uk_netdev *dev)
{
	__builtin_memset(&dev->stats, 0, sizeof(dev->stats));
}
