/*
 * lwIP's configuration for uk. Two modes, chosen by the image's dependency
 * graph (the `threads` feature turns on when the image has @uk/sched):
 * with a scheduler, the threaded stack (tcpip thread, netconn, lwip_*
 * sockets) over @uk/sched; without one, lwIP's no-threads mode (NO_SYS):
 * the raw callback API, driven from the app's run-to-completion loop by
 * uk_net_lwip_poll() (<uk/net_lwip_poll.h>). Both: IPv4 with TCP and UDP,
 * and the loopback interface (127.0.0.1). Memory comes from malloc (the
 * image's default allocator) rather than lwIP's own pools, so nothing is
 * reserved up front. Options not set here keep lwIP's defaults
 * (src/include/lwip/opt.h of the release).
 */
#ifndef UK_NET_LWIP_LWIPOPTS_H
#define UK_NET_LWIP_LWIPOPTS_H

/* Features (CONFIG_UK_NET_LWIP_*): every user of lwIP's headers sees the same. */
#include <uk/config.h>

/*
 * A C library's byte-order names (musl's <endian.h>) before lwIP's arch.h
 * defines its own, so nothing is defined twice with different spellings.
 */
#if __has_include(<endian.h>)
#include <endian.h>
#endif

#ifdef CONFIG_UK_NET_LWIP_THREADS
#define NO_SYS 0
#define LWIP_TCPIP_CORE_LOCKING 1
#else
#define NO_SYS 1
#define LWIP_TCPIP_CORE_LOCKING 0
#endif
#define LWIP_TIMERS 1

/*
 * @uk/sched is cooperative and no interrupt handler calls into lwIP, so a
 * thread can never be preempted inside lwIP's short critical sections:
 * SYS_ARCH_PROTECT has nothing to protect against (nor has one loop).
 */
#define SYS_LIGHTWEIGHT_PROT 0

/* Memory: malloc for the heap and for every pool. */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8

/* Protocols. */
#define LWIP_IPV4 1
#ifdef CONFIG_UK_NET_LWIP_IPV6
#define LWIP_IPV6 1
/* On 64-bit targets lwIP's reassembly bookkeeping does not fit in the fragment header it would overlay. */
#define IPV6_FRAG_COPYHEADER 1
#else
#define LWIP_IPV6 0
#endif
#define LWIP_TCP 1
#define LWIP_UDP 1
#define LWIP_RAW 0
#define LWIP_ICMP 1
#define LWIP_ARP 1
/* Every packet waiting for an address resolution is kept (lwIP keeps only the last): a burst of connections right after boot loses no SYN-ACK. */
#define ARP_QUEUEING 1
#define LWIP_DHCP 1
/* No ARP probe of the offered address: it would add seconds to every boot. */
#define DHCP_DOES_ARP_CHECK 0
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_STATS 0
#define SO_REUSE 1
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
/* Bytes waiting per connection, for FIONREAD (the size of the next datagram on UDP, as Linux). */
#define LWIP_SO_RCVBUF 1
#define LWIP_FIONREAD_LINUXMODE 1
#define LWIP_TCP_KEEPALIVE 1

/*
 * TCP sized for throughput on Ethernet while memory stays small: with
 * malloc-backed pools a connection only holds what is in flight. The
 * receive window is 48 full-sized segments (70,080 bytes, sent with a window scale of 1):
 * more than one segment of the host's loopback (65,483 bytes). passt, the
 * linuxu user network, keeps unacknowledged data in its host socket; with
 * a smaller window that socket could never open a whole loopback segment
 * of room, the host's sender waited for its 200 ms zero-window probe again
 * and again, and a 16 MiB upload took 7-44 s instead of ~5. Limits allow
 * ~128 sockets (64 busy connections and their TIME_WAIT successors).
 */
#define TCP_MSS 1460
#define TCP_WND (48 * TCP_MSS)
#define TCP_SND_BUF (32 * TCP_MSS)
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF) / TCP_MSS)
#define MEMP_NUM_NETCONN 128
#define MEMP_NUM_TCP_PCB 128
#define MEMP_NUM_TCP_PCB_LISTEN 16
#define MEMP_NUM_UDP_PCB 16
#define TCP_OVERSIZE TCP_MSS
/*
 * Window scaling (RFC 7323): peers that scale their window regardless
 * (passt) would otherwise look like they offer a few hundred bytes, and
 * our own window is over 64 KiB.
 */
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 1

/*
 * Network devices (src/netdev): received frames go up in the receive
 * thread under the core lock rather than through the tcpip thread's
 * mailbox; received buffers are custom pbufs (zero copy); every outgoing
 * frame has 64 bytes of headroom before its Ethernet header for the
 * driver (UK_NETBUF_HEADROOM_MIN); checksum checks are switched per
 * packet when the device has verified it.
 */
#define LWIP_TCPIP_CORE_LOCKING_INPUT LWIP_TCPIP_CORE_LOCKING
#define LWIP_SUPPORT_CUSTOM_PBUF 1
#define PBUF_LINK_ENCAPSULATION_HLEN 64
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1
/* Boot's DHCP wait is woken by the address change (src/netdev/config.c). */
#define LWIP_NETIF_STATUS_CALLBACK 1

/* The loopback interface, served by the tcpip thread (or by uk_net_lwip_poll). */
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
#define DEFAULT_TCP_RECVMBOX_SIZE 64 /* > TCP_WND / TCP_MSS: a full window of segments */
#define DEFAULT_ACCEPTMBOX_SIZE 64

/*
 * APIs: netconn and sockets, with threads only, under their lwip_* names; the POSIX names
 * are ours (src/threads/socket_*.c), on @uk/fdtab's descriptors, whose generic poll
 * and select serve sockets too. LWIP_SOCKET_POLL stays on only for the
 * per-socket readiness counters it keeps (socket_file.c reads them);
 * lwip_select is left out.
 * The socket types and constants are @uk/libc's (Linux's values): see
 * arch/socket_headers.h and patches/0001.
 */
#ifdef CONFIG_UK_NET_LWIP_THREADS
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#else
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#endif
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_SELECT 0
#define LWIP_SOCKET_POLL 1
#define LWIP_NETIF_API 0
#define LWIP_SOCKET_EXTERNAL_HEADERS 1
#define LWIP_SOCKET_EXTERNAL_HEADER_SOCKETS_H "arch/socket_headers.h"
#define LWIP_SOCKET_EXTERNAL_HEADER_INET_H <arpa/inet.h>
#define LWIP_TIMEVAL_PRIVATE 0
/* htons and friends come from <netinet/in.h>. */
#define LWIP_DONT_PROVIDE_BYTEORDER_FUNCTIONS 1

/* errno is the C library's (per thread once a scheduler is linked). */
#define LWIP_ERRNO_STDINCLUDE 1

#endif
