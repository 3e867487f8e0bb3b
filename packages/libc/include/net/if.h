/*
 * Network interface names: IFNAMSIZ and struct ifreq with Linux's layout
 * (40 bytes on x86_64), as SO_BINDTODEVICE and interface ioctls take it.
 * Only the name is used by @uk/net-lwip today.
 */
#ifndef _UK_LIBC_NET_IF_H
#define _UK_LIBC_NET_IF_H

#include <sys/socket.h>

#define IFNAMSIZ 16

struct ifreq {
	union {
		char ifrn_name[IFNAMSIZ];
	} ifr_ifrn;
	union {
		struct sockaddr ifru_addr;
		short ifru_flags;
		int ifru_ivalue;
		int ifru_mtu;
		char ifru_newname[IFNAMSIZ];
		void *ifru_data;
		char __ifru_size[24];
	} ifr_ifru;
};
#define ifr_name ifr_ifrn.ifrn_name
#define ifr_addr ifr_ifru.ifru_addr
#define ifr_flags ifr_ifru.ifru_flags
#define ifr_mtu ifr_ifru.ifru_mtu

#endif
