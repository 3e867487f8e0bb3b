/*
 * uk_net_lwip_poll(): the no-threads mode's drive (see
 * <uk/net_lwip_poll.h>). Receive from the netdev feature's devices, the
 * loopback interface, then the timers, all in the caller's context. With
 * a scheduler the tcpip and receive threads do this, and this file
 * compiles to nothing.
 */
#include <uk/config.h>
#include "lwip/opt.h"

#if NO_SYS
#include <uk/net_lwip_poll.h>
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#ifdef CONFIG_UK_NET_LWIP_NETDEV
#include "netdev/netif.h"
#endif

unsigned uk_net_lwip_poll(void)
{
	unsigned frames = 0;

#ifdef CONFIG_UK_NET_LWIP_NETDEV
	frames = netdev_netif_poll_all();
#endif
	netif_poll_all();
	sys_check_timeouts();
	return frames;
}
#endif
