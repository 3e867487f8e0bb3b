/*
 * TCP-level socket options (level IPPROTO_TCP) with Linux's values.
 * @uk/net-lwip implements TCP_NODELAY and the keep-alive timings.
 */
#ifndef _UK_LIBC_NETINET_TCP_H
#define _UK_LIBC_NETINET_TCP_H

#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_CORK 3
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6

#endif
