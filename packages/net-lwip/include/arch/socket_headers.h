/*
 * The system headers lwIP's sockets take their types and constants from
 * (LWIP_SOCKET_EXTERNAL_HEADERS, our patch 0001): @uk/libc's, with Linux's
 * values and layouts, so that a struct sockaddr_in or an SO_REUSEADDR
 * means the same to an app, to lwIP and to a trapped Linux executable.
 */
#ifndef UK_NET_LWIP_ARCH_SOCKET_HEADERS_H
#define UK_NET_LWIP_ARCH_SOCKET_HEADERS_H

#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#endif
