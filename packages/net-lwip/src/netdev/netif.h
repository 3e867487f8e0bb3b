/*
 * One lwIP network interface per @uk/netdev device (private to the netdev
 * feature of @uk/net-lwip): netdev_netif_add sets the device up and adds
 * its netif (down, no address); netif_config.c then gives it an address.
 */
#ifndef UK_NET_LWIP_NETDEV_NETIF_H
#define UK_NET_LWIP_NETDEV_NETIF_H

#include <uk/netdev.h>
#include "lwip/netif.h"

/* Set up device dev and add its netif (under the core lock); NULL on failure, said on the console. */
struct netif *netdev_netif_add(struct uk_netdev *dev, unsigned index);

#endif
