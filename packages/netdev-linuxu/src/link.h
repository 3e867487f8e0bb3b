/* What the files of @uk/netdev-linuxu share: a link and its two backends. */
#ifndef UK_NETDEV_LINUXU_LINK_H
#define UK_NETDEV_LINUXU_LINK_H

#include <uk/netdev_impl.h>
#include "hostcall.h"

#define STREAM_RBUF 16384 /* bytes of a stream read ahead; holds several frames */

struct link;

struct backend {
	const char *prefix; /* "tap:", "stream:" */
	/* Open what value (after the prefix) names: 0, or -errno after a message. */
	int (*open)(struct link *l, const char *value);
	/* One frame into dst (room bytes): its length, 0 when none is waiting, -errno. */
	long (*recv)(struct link *l, uint8_t *dst, uint32_t room);
	/* One frame from n pieces, len bytes in all: 0, -HOST_EAGAIN to retry later, -errno. */
	long (*send)(struct link *l, struct host_iovec *iov, int n, uint32_t len);
};

struct link {
	struct uk_netdev nd;
	const struct backend *be;
	int fd;
	int down;                 /* the peer went away */
	struct uk_netbuf *spare;  /* a receive buffer taken from the allocator, unused yet */
	uint32_t rlen, roff;      /* stream: bytes read ahead, and where the next frame starts */
	uint8_t rbuf[STREAM_RBUF];
	char name[16];
};

extern const struct backend link_tap, link_stream;

/* Console message from a, b, c (no libc here). */
void link_say(const char *a, const char *b, const char *c);
/* "error N" for a -errno value, into buf (16 bytes). */
const char *link_errstr(long rc, char *buf);

#endif
