/*
 * The calls that ask a file about itself or its storage: fstat, fsync,
 * fdatasync, ftruncate, getdents64. A file without the operation answers
 * as Linux does for an object that cannot (EINVAL, ENOTDIR); fstat always
 * answers, with an empty struct for a file that describes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/file.h>
#include <uk/syscall.h>

#include "fdtab_impl.h"

UK_SYSCALL_R_DEFINE2(int, fstat, int, fd, struct stat *, st)
{
	struct uk_file *f = uk_fd_get(fd);
	int r = 0;

	if (!f)
		return -EBADF;
	if (f->ops->stat) {
		r = f->ops->stat(f, st);
	} else {
		memset(st, 0, sizeof(*st));
		st->st_blksize = 4096;
	}
	uk_file_put(f);
	return r;
}

static int sync_fd(int fd, int datasync)
{
	struct uk_file *f = uk_fd_get(fd);
	int r;

	if (!f)
		return -EBADF;
	r = f->ops->fsync ? f->ops->fsync(f, datasync) : -EINVAL;
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE1(int, fsync, int, fd)
{
	return sync_fd(fd, 0);
}

UK_SYSCALL_R_DEFINE1(int, fdatasync, int, fd)
{
	return sync_fd(fd, 1);
}

UK_SYSCALL_R_DEFINE2(int, ftruncate, int, fd, off_t, len)
{
	struct uk_file *f = uk_fd_get(fd);
	int r;

	if (!f)
		return -EBADF;
	/* Linux: EINVAL (not EBADF) for a descriptor not open for writing. */
	if (len < 0 || !f->ops->truncate || (f->flags & O_ACCMODE) == O_RDONLY)
		r = -EINVAL;
	else
		r = f->ops->truncate(f, len);
	uk_file_put(f);
	return r;
}

UK_SYSCALL_R_DEFINE3(ssize_t, getdents64, int, fd, void *, buf, size_t, len)
{
	struct uk_file *f = uk_fd_get(fd);
	ssize_t r;

	if (!f)
		return -EBADF;
	r = f->ops->getdents64 ? f->ops->getdents64(f, buf, len) : -ENOTDIR;
	uk_file_put(f);
	return r;
}
