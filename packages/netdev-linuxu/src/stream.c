/*
 * A UNIX stream socket as a link: `net=stream:/abs/path` connects to a
 * server speaking QEMU's `-netdev stream` framing, which passt serves: each
 * Ethernet frame is preceded by its length as a 4-byte big-endian integer.
 * Reads never wait (MSG_DONTWAIT) and go through a read-ahead buffer that
 * frames are cut from; writes (sendmsg) block until the whole frame is
 * out, so a frame is never left half-written in the stream. When the peer closes,
 * the link is down and receives nothing more.
 */
#include "link.h"

#define MAX_FRAME 65535u /* anything longer is a broken stream */

static int stream_open(struct link *l, const char *path)
{
	struct host_sockaddr_un sa;
	long fd, rc;
	unsigned i;
	char err[16];

	__builtin_memset(&sa, 0, sizeof(sa));
	sa.family = HOST_AF_UNIX;
	for (i = 0; path[i]; i++) {
		if (i == sizeof(sa.path) - 1) {
			link_say("[netdev-linuxu] the socket path ", path, " is longer than 107 bytes\n");
			return -22;
		}
		sa.path[i] = path[i];
	}
	fd = host_call4(HOST_SYS_socket, HOST_AF_UNIX, HOST_SOCK_STREAM | HOST_SOCK_CLOEXEC, 0, 0);
	if (fd < 0) {
		link_say("[netdev-linuxu] cannot create a UNIX socket (", link_errstr(fd, err), ")\n");
		return (int)fd;
	}
	do
		rc = host_call4(HOST_SYS_connect, fd, (long)&sa, (long)(2 + i + 1), 0);
	while (rc == -HOST_EINTR);
	if (rc < 0) {
		link_say("[netdev-linuxu] cannot connect to ", path, " (");
		link_say(link_errstr(rc, err),
			 rc == -HOST_ENOENT || rc == -HOST_ECONNREFUSED
				 ? "): start the server first (passt, or QEMU's -netdev stream,server=on)\n"
				 : ")\n",
			 "");
		host_call4(HOST_SYS_close, fd, 0, 0, 0);
		return (int)rc;
	}
	l->fd = (int)fd;
	l->rlen = l->roff = 0;
	return 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static long stream_recv(struct link *l, uint8_t *dst, uint32_t room)
{
	for (;;) {
		uint32_t have = l->rlen - l->roff;
		long n;

		if (have >= 4) {
			uint32_t flen = be32(l->rbuf + l->roff);

			if (flen > MAX_FRAME || flen + 4 > STREAM_RBUF) {
				link_say("[netdev-linuxu] ", l->name, ": the stream is not length-prefixed frames; link down\n");
				l->down = 1;
				return -5;
			}
			if (have >= 4 + flen) {
				const uint8_t *f = l->rbuf + l->roff + 4;

				l->roff += 4 + flen;
				if (flen > room)
					return -90; /* EMSGSIZE: counted as an error, the stream goes on */
				for (uint32_t i = 0; i < flen; i++)
					dst[i] = f[i];
				return flen;
			}
		}
		/* Keep the partial frame at the front and read more behind it. */
		if (l->roff) {
			for (uint32_t i = 0; i < have; i++)
				l->rbuf[i] = l->rbuf[l->roff + i];
			l->rlen = have;
			l->roff = 0;
		}
		do
			n = host_call6(HOST_SYS_recvfrom, l->fd, (long)(l->rbuf + l->rlen), STREAM_RBUF - l->rlen,
				       HOST_MSG_DONTWAIT, 0, 0);
		while (n == -HOST_EINTR);
		if (n == -HOST_EAGAIN)
			return 0;
		if (n <= 0) {
			link_say("[netdev-linuxu] ", l->name, ": the peer closed the stream; link down\n");
			l->down = 1;
			return n ? n : -32; /* EPIPE */
		}
		l->rlen += (uint32_t)n;
	}
}

static long stream_send(struct link *l, struct host_iovec *iov, int n, uint32_t len)
{
	uint8_t hdr[4] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len };
	struct host_iovec v[1 + 16];
	int k = 0, i;

	if (n > 16)
		return -22;
	v[k].base = hdr;
	v[k++].len = 4;
	for (i = 0; i < n; i++)
		v[k++] = iov[i];
	/*
	 * A blocking socket: a send returns short only when interrupted; finish
	 * the frame. MSG_NOSIGNAL: a peer that went away is an error, not SIGPIPE.
	 */
	for (i = 0; i < k;) {
		struct host_msghdr m = { 0, 0, &v[i], (unsigned long)(k - i), 0, 0, 0 };
		long w = host_call4(HOST_SYS_sendmsg, l->fd, (long)&m, HOST_MSG_NOSIGNAL, 0);

		if (w == -HOST_EINTR)
			continue;
		if (w < 0) {
			l->down = 1;
			return w;
		}
		while (i < k && (unsigned long)w >= v[i].len)
			w -= (long)v[i++].len;
		if (i < k) {
			v[i].base = (const uint8_t *)v[i].base + w;
			v[i].len -= (unsigned long)w;
		}
	}
	return 0;
}

const struct backend link_stream = { "stream:", stream_open, stream_recv, stream_send };
