/*
 * A tap device as a link: `net=tap:IFNAME` opens the tap named IFNAME (an
 * existing persistent one, or a new one that lives as long as the process;
 * either needs CAP_NET_ADMIN or a tap created for this user). Frames are
 * exchanged whole, one read or writev each, without the packet-information
 * prefix (IFF_NO_PI). The descriptor is non-blocking: a read with nothing
 * waiting says so, and the kernel never makes a write wait.
 */
#include "link.h"

static int tap_open(struct link *l, const char *ifname)
{
	struct host_ifreq ifr;
	long fd, rc;
	unsigned i;
	char err[16];

	__builtin_memset(&ifr, 0, sizeof(ifr));
	for (i = 0; ifname[i] && i < sizeof(ifr.name) - 1; i++)
		ifr.name[i] = ifname[i];
	ifr.flags = HOST_IFF_TAP | HOST_IFF_NO_PI;
	fd = host_call4(HOST_SYS_openat, HOST_AT_FDCWD, (long)"/dev/net/tun",
			HOST_O_RDWR | HOST_O_NONBLOCK | HOST_O_CLOEXEC, 0);
	if (fd < 0) {
		link_say("[netdev-linuxu] cannot open /dev/net/tun (", link_errstr(fd, err),
			 "): this host has no tun/tap driver, or no access to it\n");
		return (int)fd;
	}
	rc = host_call4(HOST_SYS_ioctl, fd, (long)HOST_TUNSETIFF, (long)&ifr, 0);
	if (rc < 0) {
		link_say("[netdev-linuxu] cannot attach tap ", ifname, " (");
		link_say(link_errstr(rc, err), ")", "");
		if (rc == -HOST_EPERM || rc == -HOST_EACCES)
			link_say(": it needs CAP_NET_ADMIN, or a tap made for this user first: ip tuntap add ", ifname,
				 " mode tap user $USER\n");
		else if (rc == -HOST_EBUSY)
			link_say(": another process holds it\n", "", "");
		else
			link_say(": is ", ifname, " a tap device?\n");
		host_call4(HOST_SYS_close, fd, 0, 0, 0);
		return (int)rc;
	}
	l->fd = (int)fd;
	return 0;
}

static long tap_recv(struct link *l, uint8_t *dst, uint32_t room)
{
	long n;

	do
		n = host_call4(HOST_SYS_read, l->fd, (long)dst, room, 0);
	while (n == -HOST_EINTR);
	return n == -HOST_EAGAIN ? 0 : n;
}

static long tap_send(struct link *l, struct host_iovec *iov, int n, uint32_t len)
{
	long w;

	do
		w = host_call4(HOST_SYS_writev, l->fd, (long)iov, n, 0);
	while (w == -HOST_EINTR);
	if (w < 0)
		return w;
	return (uint32_t)w == len ? 0 : -5; /* a tap takes a frame whole or not at all */
}

const struct backend link_tap = { "tap:", tap_open, tap_recv, tap_send };
