/*
 * The BSD socket system calls on descriptors (each through <uk/syscall.h>,
 * so the raw uk_syscall_r_* entries serve run-time syscall() and the
 * binary-compatibility trap, and weak POSIX names serve apps), over lwIP's
 * sockets. send/recv are not system calls on x86_64 Linux: they are
 * sendto/recvfrom without an address, as here. SO_SNDBUF/SO_RCVBUF are
 * accepted and report lwIP's fixed TCP buffer sizes (lwIP does not resize
 * per socket).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <uk/syscall.h>
#include "lwip/sockets.h"
#include <uk/net_lwip.h>
#include "socket_file.h"

#define SOCKET_TYPE_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)

UK_SYSCALL_R_DEFINE3(int, socket, int, family, int, type, int, protocol)
{
	int s, kind = type & ~SOCKET_TYPE_FLAGS;

	if (family != AF_INET && (family != AF_INET6 || !LWIP_IPV6))
		return -EAFNOSUPPORT;
	if (kind != SOCK_STREAM && kind != SOCK_DGRAM)
		return -EINVAL;
	s = lwip_socket(family, kind, protocol);
	if (s < 0)
		return -errno;
	return socket_file_install(s, type & SOCKET_TYPE_FLAGS);
}

UK_SYSCALL_R_DEFINE3(int, bind, int, fd, const struct sockaddr *, addr, socklen_t, len)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	r = socket_result(lwip_bind(s, addr, len));
	uk_file_put(f);
	return (int)r;
}

UK_SYSCALL_R_DEFINE2(int, listen, int, fd, int, backlog)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	/* lwIP keeps the backlog in a byte. */
	r = socket_result(lwip_listen(s, backlog < 0 ? 0 : backlog > 255 ? 255 : backlog));
	uk_file_put(f);
	return (int)r;
}

UK_SYSCALL_R_DEFINE4(int, accept4, int, fd, struct sockaddr *, addr, socklen_t *, len, int, flags)
{
	struct uk_file *f;
	int s = socket_of(fd, &f), conn;

	if (s < 0)
		return s;
	if (flags & ~SOCKET_TYPE_FLAGS) {
		uk_file_put(f);
		return -EINVAL;
	}
	conn = lwip_accept(s, addr, len);
	if (conn < 0) {
		int err = errno;

		uk_file_put(f);
		return -err;
	}
	uk_file_put(f);
	return socket_file_install(conn, flags);
}

UK_SYSCALL_R_DEFINE3(int, accept, int, fd, struct sockaddr *, addr, socklen_t *, len)
{
	return (int)uk_syscall_r_accept4(fd, (long)addr, (long)len, 0);
}

UK_SYSCALL_R_DEFINE3(int, connect, int, fd, const struct sockaddr *, addr, socklen_t, len)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	r = socket_result(lwip_connect(s, addr, len));
	if (r == -ECONNRESET)
		r = -ECONNREFUSED; /* lwIP reports the answer to a SYN, a reset, as such */
	uk_file_put(f);
	return (int)r;
}

UK_SYSCALL_R_DEFINE6(ssize_t, sendto, int, fd, const void *, buf, size_t, len, int, flags, const struct sockaddr *, to,
		     socklen_t, tolen)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	flags &= ~MSG_NOSIGNAL; /* there are no signals: EPIPE is all a broken connection gives */
	if (to == NULL)
		r = socket_result(lwip_send(s, buf, len, flags));
	else
		r = socket_result(lwip_sendto(s, buf, len, flags, to, tolen));
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE6(ssize_t, recvfrom, int, fd, void *, buf, size_t, len, int, flags, struct sockaddr *, from,
		     socklen_t *, fromlen)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	if (socket_unconnected(f))
		r = -ENOTCONN;
	else
		r = socket_result(lwip_recvfrom(s, buf, len, flags, from, fromlen));
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE3(ssize_t, sendmsg, int, fd, const struct msghdr *, msg, int, flags)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	r = socket_result(lwip_sendmsg(s, msg, flags & ~MSG_NOSIGNAL));
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE3(ssize_t, recvmsg, int, fd, struct msghdr *, msg, int, flags)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	if (socket_unconnected(f))
		r = -ENOTCONN;
	else
		r = socket_result(lwip_recvmsg(s, msg, flags));
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE2(int, shutdown, int, fd, int, how)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	r = socket_result(lwip_shutdown(s, how));
	uk_file_put(f);
	return (int)r;
}

/* SO_SNDBUF/SO_RCVBUF, which lwIP has no per-socket setting for. */
static int buffer_option(int level, int name)
{
	return level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_RCVBUF);
}

UK_SYSCALL_R_DEFINE5(int, getsockopt, int, fd, int, level, int, name, void *, val, socklen_t *, len)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	if (buffer_option(level, name)) {
		r = -EINVAL;
		if (val != NULL && len != NULL && *len >= sizeof(int)) {
			*(int *)val = name == SO_SNDBUF ? TCP_SND_BUF : TCP_WND;
			*len = sizeof(int);
			r = 0;
		}
	} else {
		r = socket_result(lwip_getsockopt(s, level, name, val, len));
	}
	uk_file_put(f);
	return (int)r;
}

UK_SYSCALL_R_DEFINE5(int, setsockopt, int, fd, int, level, int, name, const void *, val, socklen_t, len)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	if (buffer_option(level, name))
		r = val == NULL || len < sizeof(int) ? -EINVAL : 0;
	else
		r = socket_result(lwip_setsockopt(s, level, name, val, len));
	uk_file_put(f);
	return (int)r;
}

UK_SYSCALL_R_DEFINE3(int, getsockname, int, fd, struct sockaddr *, addr, socklen_t *, len)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	r = socket_result(lwip_getsockname(s, addr, len));
	uk_file_put(f);
	return (int)r;
}

UK_SYSCALL_R_DEFINE3(int, getpeername, int, fd, struct sockaddr *, addr, socklen_t *, len)
{
	struct uk_file *f;
	int s = socket_of(fd, &f);
	long r;

	if (s < 0)
		return s;
	r = socket_result(lwip_getpeername(s, addr, len));
	uk_file_put(f);
	return (int)r;
}

__attribute__((weak)) ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return uk_syscall_errno(uk_syscall_r_sendto(fd, (long)buf, (long)len, flags, 0, 0));
}

__attribute__((weak)) ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return uk_syscall_errno(uk_syscall_r_recvfrom(fd, (long)buf, (long)len, flags, 0, 0));
}
