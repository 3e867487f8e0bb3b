/*
 * Sockets as @uk/fdtab files (private to @uk/net-lwip): a descriptor's
 * file holds an lwIP socket; socket_file_install makes the file and the
 * descriptor, socket_of finds the lwIP socket behind a descriptor.
 */
#ifndef UK_NET_LWIP_SOCKET_FILE_H
#define UK_NET_LWIP_SOCKET_FILE_H

#include <uk/file.h>

/*
 * A descriptor for lwIP socket s (taken over: closed on failure), with
 * SOCK_NONBLOCK and SOCK_CLOEXEC from flags. The descriptor or -errno.
 */
int socket_file_install(int s, int flags);

/*
 * The lwIP socket behind fd, with the file referenced in *fp (put it when
 * done) and lwIP's non-blocking mode set from the descriptor's O_NONBLOCK;
 * -EBADF or -ENOTSOCK.
 */
int socket_of(int fd, struct uk_file **fp);

/* 1 when f is a TCP socket that is not connected: receiving is ENOTCONN. */
int socket_unconnected(struct uk_file *f);

/* An lwIP result (-1 with errno set) as a system call's (-errno). */
static inline long socket_result(long r)
{
	return r < 0 ? -errno : r;
}

#endif
