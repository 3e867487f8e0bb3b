/*
 * The registry of network devices: drivers register each device they find
 * at boot, and the order of registration is the device number consumers
 * see (uk_netdev_get(0) is the first link). Registration happens at boot on
 * one CPU before threads exist, so the list needs no lock.
 */
#include "core.h"

static struct uk_netdev *head;
static unsigned count;

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
	struct uk_netdev **link = &head;
	const char *bad = invalid_field(dev);

	if (bad) {
		nd_say3("[uk-netdev] ", dev->info.name ? dev->info.name : "a device", " not registered: invalid ");
		nd_say3(bad, "\n", "");
		return -UK_NETDEV_EINVAL;
	}
	while (*link) {
		if (*link == dev)
			return (int)dev->index; /* registering twice is harmless */
		link = &(*link)->next;
	}
	dev->next = 0;
	dev->index = count++;
	dev->state = ND_REGISTERED;
	dev->rxq_ready = dev->txq_ready = 0;
	__builtin_memset(&dev->conf, 0, sizeof(dev->conf));
	__builtin_memset(dev->rxq, 0, sizeof(dev->rxq));
	__builtin_memset(&dev->stats, 0, sizeof(dev->stats));
	*link = dev;
	return (int)dev->index;
}

unsigned uk_netdev_count(void)
{
	return count;
}

struct uk_netdev *uk_netdev_get(unsigned index)
{
	struct uk_netdev *d;

	for (d = head; d; d = d->next)
		if (d->index == index)
			return d;
	return 0;
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
