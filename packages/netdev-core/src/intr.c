/*
 * Receive interrupts: the consumer arms a queue with a callback; the
 * driver's interrupt handler reports new packets with uk_netdev_rx_irq,
 * which runs the callback once and disarms the queue, so a burst of
 * packets costs one callback and the consumer decides when it wants the
 * next (after draining the queue).
 */
#include "core.h"

/*
 * Drivers register their interrupt handlers whenever the platform can
 * route them: turning interrupt delivery on (uk_plat_timer_set_handler) is
 * the consumer's business -- a scheduler, or a loop without one that
 * halts until a frame arrives (@uk/net-lwip's uk_net_lwip_wait). An image
 * that never turns it on polls, and the handlers never run.
 */
int uk_netdev_can_interrupt(void)
{
	return 1;
}

int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, uint16_t q, uk_netdev_rx_intr_fn cb, void *arg)
{
	struct uk_netdev_rxq *rq;
	int rc;

	if (dev->state < ND_CONFIGURED || q >= dev->conf.nb_rx_queues || !(dev->rxq_ready & (1u << q)) || !cb)
		return dev->state < ND_CONFIGURED ? -UK_NETDEV_EBUSY : -UK_NETDEV_EINVAL;
	if (!dev->info.rx_intr)
		return -UK_NETDEV_ENOTSUP;
	rq = &dev->rxq[q];
	rq->cb = cb;
	rq->cb_arg = arg;
	rq->armed = 1;
	rc = dev->ops->rxq_intr_enable(dev, q);
	if (rc < 0)
		rq->armed = 0;
	return rc;
}

void uk_netdev_rxq_intr_disable(struct uk_netdev *dev, uint16_t q)
{
	if (q >= UK_NETDEV_MAX_QUEUES)
		return;
	dev->rxq[q].armed = 0;
	if (dev->ops->rxq_intr_disable && (dev->rxq_ready & (1u << q)))
		dev->ops->rxq_intr_disable(dev, q);
}

void uk_netdev_rx_irq(struct uk_netdev *dev, uint16_t q)
{
	struct uk_netdev_rxq *rq = &dev->rxq[q];

	dev->stats.rx_interrupts++;
	if (rq->armed && rq->cb) {
		rq->armed = 0;
		rq->cb(dev, q, rq->cb_arg);
	}
}
