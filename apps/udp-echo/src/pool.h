/* A fixed pool of packet buffers: the receive allocator and every release. */
#ifndef UDP_ECHO_POOL_H
#define UDP_ECHO_POOL_H

#include <uk/netdev.h>

#define POOL_BUFS 512
#define POOL_BUF_SIZE 2048
#define POOL_HEADROOM 128 /* >= UK_NETBUF_HEADROOM_MIN */

void pool_init(void);
/* The allocator of struct uk_netdev_rxq_conf (arg unused). */
unsigned pool_alloc(void *arg, struct uk_netbuf **out, unsigned n);
/* Buffers not in use by the app or the device. */
unsigned pool_free_count(void);

#endif
