/*
 * Bringing a device up: configure, set up every queue, start -- in that
 * order, once. The core checks the order and the arguments against the
 * device's info so that drivers only ever see sensible calls.
 */
#include "core.h"

int uk_netdev_configure(struct uk_netdev *dev, const struct uk_netdev_conf *conf)
{
	const struct uk_netdev_info *i = &dev->info;
	int rc;

	if (dev->state != ND_REGISTERED)
		return -UK_NETDEV_EBUSY;
	if (!conf || !conf->nb_rx_queues || conf->nb_rx_queues > i->max_rx_queues ||
	    !conf->nb_tx_queues || conf->nb_tx_queues > i->max_tx_queues || (conf->offloads & ~i->offloads))
		return -UK_NETDEV_EINVAL;
	rc = dev->ops->configure(dev, conf);
	if (rc < 0)
		return rc;
	dev->conf = *conf;
	dev->state = ND_CONFIGURED;
	return 0;
}

int uk_netdev_rxq_setup(struct uk_netdev *dev, uint16_t q, const struct uk_netdev_rxq_conf *conf)
{
	int rc;

	if (dev->state != ND_CONFIGURED)
		return -UK_NETDEV_EBUSY;
	if (q >= dev->conf.nb_rx_queues || !conf || !conf->alloc || conf->nb_desc > dev->info.max_rx_desc)
		return -UK_NETDEV_EINVAL;
	if (dev->rxq_ready & (1u << q))
		return -UK_NETDEV_EBUSY;
	/* The allocator is needed by the driver's set-up already (it may fill the ring). */
	dev->rxq[q].conf = *conf;
	rc = dev->ops->rxq_setup(dev, q, conf);
	if (rc < 0)
		return rc;
	dev->rxq_ready |= 1u << q;
	return 0;
}

int uk_netdev_txq_setup(struct uk_netdev *dev, uint16_t q, const struct uk_netdev_txq_conf *conf)
{
	int rc;

	if (dev->state != ND_CONFIGURED)
		return -UK_NETDEV_EBUSY;
	if (q >= dev->conf.nb_tx_queues || !conf || conf->nb_desc > dev->info.max_tx_desc)
		return -UK_NETDEV_EINVAL;
	if (dev->txq_ready & (1u << q))
		return -UK_NETDEV_EBUSY;
	rc = dev->ops->txq_setup(dev, q, conf);
	if (rc < 0)
		return rc;
	dev->txq_ready |= 1u << q;
	return 0;
}

int uk_netdev_start(struct uk_netdev *dev)
{
	uint32_t rx_all = (1u << dev->conf.nb_rx_queues) - 1, tx_all = (1u << dev->conf.nb_tx_queues) - 1;
	int rc;

	if (dev->state != ND_CONFIGURED || dev->rxq_ready != rx_all || dev->txq_ready != tx_all)
		return -UK_NETDEV_EBUSY;
	rc = dev->ops->start(dev);
	if (rc < 0)
		return rc;
	dev->state = ND_STARTED;
	return 0;
}

int uk_netdev_link_up(struct uk_netdev *dev)
{
	return dev->ops->link_up ? dev->ops->link_up(dev) : 1;
}
