/*
 * One lwIP network interface per @uk/netdev device (private to the netdev
 * feature of @uk/net-lwip): netdev_netif_add sets the device up and adds
 * its netif (down, no address); config.c then gives it an address.
 */
#ifndef UK_NET_LWIP_NETDEV_NETIF_H
#define UK_NET_LWIP_NETDEV_NETIF_H

#include <stdint.h>
#include <uk/netdev.h>
#include "lwip/opt.h"
#include "lwip/netif.h"
#if NO_SYS
/* One loop drives the stack: nothing to lock. */
#define NETDEV_LOCK()
#define NETDEV_UNLOCK()
#else
#include "lwip/tcpip.h"
#define NETDEV_LOCK() LOCK_TCPIP_CORE()
#define NETDEV_UNLOCK() UNLOCK_TCPIP_CORE()
#endif

/*
 * A device without receive interrupts (linuxu) is polled: this many empty
 * rounds at full speed, then sleeps of POLL_SLEEP_NS between looks (the
 * longest a frame then waits). The receive thread and, without a
 * scheduler, uk_net_lwip_wait() (poll.c) both pace themselves by these.
 */
#define POLL_SPIN 64
#define POLL_SLEEP_NS 200000ull

/*
 * A device with receive interrupts is waited for, but never longer than
 * this: an interrupt that never comes costs a look every RX_WAIT_NS, never
 * a hang. Under TCG an interrupt could be lost (QEMU emits no host barrier
 * for a one-vCPU guest's), and with 16 busy connections on a tap ~1% of
 * requests then waited the whole wait (wrk p99 7.6-14.9 ms); @uk/virtio
 * closes that race where it starts (uk_plat_host_fence in
 * uk_virtqueue_intr_enable and uk_virtqueue_kick), so this is only the
 * safety net for any other driver or device.
 */
#define RX_WAIT_NS 20000000ull

/*
 * Has every device give back the packets it has sent; returns how many
 * are still with the devices (tx_flush.c waits for 0 at shutdown).
 */
unsigned netdev_netif_tx_collect(void);

/* Set up device dev and add its netif (under the core lock); NULL on failure, said on the console. */
struct netif *netdev_netif_add(struct uk_netdev *dev, unsigned index);

#if NO_SYS
/* Without a scheduler: take one burst from every device into the stack; the frames taken. */
unsigned netdev_netif_poll_all(void);
/*
 * Arm every device's receive interrupt (call with interrupts disabled): 1
 * when all are armed with nothing waiting, so the CPU may halt until one
 * interrupts; 0 when a device has frames waiting (poll again now); -1
 * when some device cannot interrupt (linuxu) and must be polled.
 */
int netdev_netif_arm_all(void);
#endif

#endif
