/*
 * Scatter/gather I/O: struct iovec (Linux's layout) and readv/writev and
 * their positioned forms. Implemented by @uk/fdtab.
 */
#ifndef _UK_LIBC_SYS_UIO_H
#define _UK_LIBC_SYS_UIO_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#define UIO_MAXIOV 1024
#ifndef IOV_MAX
#define IOV_MAX UIO_MAXIOV
#endif

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, off_t off);
ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t off);

#ifdef __cplusplus
}
#endif

#endif
