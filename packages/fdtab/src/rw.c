/*
 * Moving bytes: read, write, their vector and positioned forms, and lseek.
 * Each checks the descriptor and its access mode, then hands the request
 * to the file's operation with the offset it should use (see <uk/file.h>).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <uk/file.h>
#include <uk/syscall.h>

#include "fdtab_impl.h"

enum dir { DIR_READ, DIR_WRITE };

/* pos_arg: NULL for the file's own offset, else the caller's (pread/pwrite). */
static long transfer(int fd, enum dir dir, const struct iovec *iov, int iovcnt, off_t *pos_arg)
{
	struct uk_file *f;
	int acc;
	long r;

	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return -EINVAL;
	f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	acc = f->flags & O_ACCMODE;
	if (dir == DIR_READ ? acc == O_WRONLY : acc == O_RDONLY) {
		r = -EBADF;
	} else if (!(dir == DIR_READ ? f->ops->read : f->ops->write)) {
		r = -EINVAL;
	} else if (pos_arg && !f->ops->seek) {
		r = -ESPIPE;
	} else if (pos_arg && *pos_arg < 0) {
		r = -EINVAL;
	} else {
		off_t *pos = pos_arg ? pos_arg : f->ops->seek ? &f->pos : NULL;

		r = dir == DIR_READ ? f->ops->read(f, iov, iovcnt, pos) : f->ops->write(f, iov, iovcnt, pos);
	}
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE3(ssize_t, read, int, fd, void *, buf, size_t, len)
{
	struct iovec iov = { buf, len };

	return transfer(fd, DIR_READ, &iov, 1, NULL);
}

UK_SYSCALL_R_DEFINE3(ssize_t, write, int, fd, const void *, buf, size_t, len)
{
	struct iovec iov = { (void *)buf, len };

	return transfer(fd, DIR_WRITE, &iov, 1, NULL);
}

UK_SYSCALL_R_DEFINE3(ssize_t, readv, int, fd, const struct iovec *, iov, int, iovcnt)
{
	return transfer(fd, DIR_READ, iov, iovcnt, NULL);
}

UK_SYSCALL_R_DEFINE3(ssize_t, writev, int, fd, const struct iovec *, iov, int, iovcnt)
{
	return transfer(fd, DIR_WRITE, iov, iovcnt, NULL);
}

UK_SYSCALL_R_DEFINE4(ssize_t, pread64, int, fd, void *, buf, size_t, len, off_t, off)
{
	struct iovec iov = { buf, len };

	return transfer(fd, DIR_READ, &iov, 1, &off);
}

UK_SYSCALL_R_DEFINE4(ssize_t, pwrite64, int, fd, const void *, buf, size_t, len, off_t, off)
{
	struct iovec iov = { (void *)buf, len };

	return transfer(fd, DIR_WRITE, &iov, 1, &off);
}

/* Linux passes the offset's high half separately for 32-bit callers; x86_64 ignores it. */
UK_LLSYSCALL_R_DEFINE4(ssize_t, preadv, int, fd, const struct iovec *, iov, int, iovcnt, off_t, off)
{
	return transfer(fd, DIR_READ, iov, iovcnt, &off);
}

UK_LLSYSCALL_R_DEFINE4(ssize_t, pwritev, int, fd, const struct iovec *, iov, int, iovcnt, off_t, off)
{
	return transfer(fd, DIR_WRITE, iov, iovcnt, &off);
}

/* The POSIX names of the positioned calls (Linux's are the *64 ones). */
__attribute__((weak)) ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return uk_syscall_errno(uk_syscall_r_pread64(fd, (long)buf, (long)len, off));
}

__attribute__((weak)) ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return uk_syscall_errno(uk_syscall_r_pwrite64(fd, (long)buf, (long)len, off));
}

__attribute__((weak)) ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, off_t off)
{
	return uk_syscall_errno(uk_syscall_r_preadv(fd, (long)iov, iovcnt, off));
}

__attribute__((weak)) ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t off)
{
	return uk_syscall_errno(uk_syscall_r_pwritev(fd, (long)iov, iovcnt, off));
}

UK_SYSCALL_R_DEFINE3(off_t, lseek, int, fd, off_t, off, int, whence)
{
	struct uk_file *f = uk_fd_get(fd);
	off_t r;

	if (!f)
		return -EBADF;
	if (!f->ops->seek)
		r = -ESPIPE;
	else if (whence < SEEK_SET || whence > SEEK_HOLE)
		r = -EINVAL;
	else
		r = f->ops->seek(f, off, whence);
	if (r >= 0)
		f->pos = r;
	uk_file_put(f);
	return r;
}
