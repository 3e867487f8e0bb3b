/*
 * lwIP's configuration for uk: the threaded stack (tcpip thread, netconn,
 * lwip_* sockets) over @uk/sched, IPv4 with TCP and UDP, and the loopback
 * interface (127.0.0.1). Memory comes from malloc (the image's default
 * allocator) rather than lwIP's own pools, so nothing is reserved up front.
 * Options not set here keep lwIP's defaults (src/include/lwip/opt.h of the
 * release).
 */
#ifndef UK_NET_LWIP_LWIPOPTS_H
#define UK_NET_LWIP_LWIPOPTS_H

/* Features (CONFIG_UK_NET_LWIP_*): every user of lwIP's headers sees the same. */
#include <uk/config.h>

#define NO_SYS 0
#define LWIP_TIMERS 1

/*
 * @uk/sched is cooperative and no interrupt handler calls into lwIP, so a
 * thread can never be preempted inside lwIP's short critical sections:
 * SYS_ARCH_PROTECT has nothing to protect against.
 */
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_TCPIP_CORE_LOCKING 1

/* Memory: malloc for the heap and for every pool. */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8

/* Protocols. */
#define LWIP_IPV4 1
#ifdef CONFIG_UK_NET_LWIP_IPV6
#define LWIP_IPV6 1
#else
#define LWIP_IPV6 0
#endif
#define LWIP_TCP 1
#define LWIP_UDP 1
#define LWIP_RAW 0
#define LWIP_ICMP 1
#define LWIP_ARP 1
#define LWIP_DHCP 0
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_STATS 0
#define SO_REUSE 1
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_TCP_KEEPALIVE 1

#define TCP_MSS 1460
#define TCP_WND (8 * TCP_MSS)
#define TCP_SND_BUF (8 * TCP_MSS)
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF) / TCP_MSS)
#define MEMP_NUM_NETCONN 64
#define MEMP_NUM_TCP_PCB 64
#define MEMP_NUM_TCP_PCB_LISTEN 16

/* The loopback interface, served by the tcpip thread. */
#define LWIP_HAVE_LOOPIF 1
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_LOOPBACK_MAX_PBUFS 0

/* Threads and message boxes. */
#define TCPIP_THREAD_NAME "lwip-tcpip"
#define TCPIP_THREAD_STACKSIZE (32 * 1024)
#define TCPIP_MBOX_SIZE 64
#define DEFAULT_THREAD_STACKSIZE (32 * 1024)
#define DEFAULT_RAW_RECVMBOX_SIZE 32
#define DEFAULT_UDP_RECVMBOX_SIZE 32
#define DEFAULT_TCP_RECVMBOX_SIZE 32
#define DEFAULT_ACCEPTMBOX_SIZE 16

/* APIs: netconn and sockets, under their lwip_* names only. */
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_SELECT 1
#define LWIP_SOCKET_POLL 1
#define LWIP_NETIF_API 0

/* errno is the C library's (per thread once a scheduler is linked). */
#define LWIP_ERRNO_STDINCLUDE 1

#endif
