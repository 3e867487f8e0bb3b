/*
 * The file behind a socket descriptor: read/write/readv/writev, FIONREAD,
 * fstat (S_IFSOCK), readiness for poll/select, and close, over one lwIP
 * socket. lwIP keeps readiness per socket (bytes or connections waiting,
 * room to send, an error) and reports changes through its netconn event
 * callback; the callback of every socket made here is wrapped so that a
 * change also wakes @uk/fdtab's poll/select waiters (uk_file_event).
 * Connections accepted on a listening socket inherit its callback.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include "lwip/api.h"
#include "lwip/priv/sockets_priv.h"
#include "lwip/tcp.h"
#include "lwip/sockets.h"
#include "socket_file.h"

#define NUM_SOCKETS MEMP_NUM_NETCONN

struct socket_priv {
	int s;                 /* the lwIP socket */
	struct netconn *conn;  /* its connection, for the non-blocking flag */
};

/* The file of each lwIP socket, by index, while it has a descriptor. */
static struct uk_file *socket_files[NUM_SOCKETS];
/* lwIP's own event callback (sockets.c), which the wrapper calls first. */
static netconn_callback lwip_event;

static void on_event(struct netconn *conn, enum netconn_evt evt, u16_t len)
{
	int i = conn->socket - LWIP_SOCKET_OFFSET;

	lwip_event(conn, evt, len);
	if (i >= 0 && i < NUM_SOCKETS && socket_files[i] != NULL)
		uk_file_event(socket_files[i]);
}

static struct socket_priv *priv_of(struct uk_file *f)
{
	return f->priv;
}

/* The lwIP socket of f, in lwIP's non-blocking mode when f is O_NONBLOCK. */
static int lwip_socket_of(struct uk_file *f)
{
	netconn_set_nonblocking(priv_of(f)->conn, (f->flags & O_NONBLOCK) != 0);
	return priv_of(f)->s;
}

int socket_unconnected(struct uk_file *f)
{
	struct netconn *conn = priv_of(f)->conn;

	/*
	 * A TCP socket never connected (or listening) has a pcb in CLOSED or
	 * LISTEN; lwIP would wait on it for data that cannot come. Once a
	 * connection ends, lwIP drops the pcb and answers itself (0 or an error).
	 */
	return NETCONNTYPE_GROUP(netconn_type(conn)) == NETCONN_TCP && conn->pcb.tcp != NULL &&
	       (conn->pcb.tcp->state == CLOSED || conn->pcb.tcp->state == LISTEN);
}

static ssize_t socket_read(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	(void)pos;
	if (socket_unconnected(f))
		return -ENOTCONN;
	return socket_result(lwip_readv(lwip_socket_of(f), iov, iovcnt));
}

static ssize_t socket_write(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	(void)pos;
	return socket_result(lwip_writev(lwip_socket_of(f), iov, iovcnt));
}

static int socket_stat(struct uk_file *f, struct stat *st)
{
	(void)f;
	st->st_mode = S_IFSOCK | 0777;
	st->st_blksize = TCP_MSS;
	return 0;
}

static int socket_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	if (req == FIONREAD)
		return (int)socket_result(lwip_ioctl(priv_of(f)->s, FIONREAD, arg));
	return -ENOTTY;
}

static unsigned socket_poll(struct uk_file *f)
{
	struct lwip_sock *sock = lwip_socket_dbg_get_socket(priv_of(f)->s);
	unsigned ready = 0;

	if (sock == NULL)
		return POLLNVAL;
	if (sock->lastdata.pbuf != NULL || sock->rcvevent > 0)
		ready |= POLLIN;
	if (sock->sendevent != 0)
		ready |= POLLOUT;
	if (sock->errevent != 0)
		ready |= POLLERR;
	/* A TCP connection lwIP let go of (closed both ways, or reset) is hung up, as on Linux. */
	if (NETCONNTYPE_GROUP(netconn_type(sock->conn)) == NETCONN_TCP && sock->conn->pcb.tcp == NULL)
		ready |= POLLHUP;
	return ready;
}

static void socket_release(struct uk_file *f)
{
	struct socket_priv *p = priv_of(f);

	/* Forget the file first: lwIP may hand the index out again once closed. */
	socket_files[p->s - LWIP_SOCKET_OFFSET] = NULL;
	lwip_close(p->s);
	free(p);
}

static const struct uk_file_ops socket_ops = {
	.read = socket_read,
	.write = socket_write,
	.stat = socket_stat,
	.ioctl = socket_ioctl,
	.poll = socket_poll,
	.release = socket_release,
};

int socket_file_install(int s, int flags)
{
	struct lwip_sock *sock = lwip_socket_dbg_get_socket(s);
	struct socket_priv *p = malloc(sizeof(*p));
	struct uk_file *f;
	int i = s - LWIP_SOCKET_OFFSET;

	if (p == NULL || sock == NULL || i < 0 || i >= NUM_SOCKETS) {
		free(p);
		lwip_close(s);
		return sock == NULL ? -EBADF : -ENOMEM;
	}
	p->s = s;
	p->conn = sock->conn;
	f = uk_file_new(&socket_ops, p, O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0));
	if (f == NULL) {
		free(p);
		lwip_close(s);
		return -ENOMEM;
	}
	if (sock->conn->callback != on_event) {
		lwip_event = sock->conn->callback;
		sock->conn->callback = on_event;
	}
	socket_files[i] = f;
	return uk_fd_install(f, 0, (flags & SOCK_CLOEXEC) != 0);
}

int socket_of(int fd, struct uk_file **fp)
{
	struct uk_file *f = uk_fd_get(fd);

	if (f == NULL)
		return -EBADF;
	if (f->ops != &socket_ops) {
		uk_file_put(f);
		return -ENOTSOCK;
	}
	*fp = f;
	return lwip_socket_of(f);
}
