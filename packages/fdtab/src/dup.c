/*
 * Descriptors themselves: close, dup, dup2, dup3, and the generic parts of
 * fcntl and ioctl (descriptor and status flags, record locks in lock.c,
 * FIONBIO); other ioctl requests go to the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <uk/file.h>
#include <uk/syscall.h>

#include "fdtab_impl.h"

UK_SYSCALL_R_DEFINE1(int, close, int, fd)
{
	struct uk_file *f = fdtab_take(fd);

	if (!f)
		return -EBADF;
	uk_file_put(f);
	return 0;
}

UK_SYSCALL_R_DEFINE1(int, dup, int, fd)
{
	struct uk_file *f = uk_fd_get(fd);

	if (!f)
		return -EBADF;
	return uk_fd_install(f, 0, 0);
}

static int dup_to(int fd, int newfd, int cloexec)
{
	struct uk_file *f;

	if (newfd < 0 || newfd >= FDTAB_MAX || !fdtab_peek(fd))
		return -EBADF;
	f = uk_fd_get(fd);
	fdtab_replace(newfd, f, cloexec);
	return newfd;
}

UK_SYSCALL_R_DEFINE2(int, dup2, int, fd, int, newfd)
{
	if (fd == newfd)
		return fdtab_peek(fd) ? newfd : -EBADF;
	return dup_to(fd, newfd, 0);
}

UK_SYSCALL_R_DEFINE3(int, dup3, int, fd, int, newfd, int, flags)
{
	if (fd == newfd || (flags & ~O_CLOEXEC))
		return -EINVAL;
	return dup_to(fd, newfd, !!(flags & O_CLOEXEC));
}

/* The status flags F_SETFL may change, as on Linux; the others are kept. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

UK_LLSYSCALL_R_DEFINE3(int, fcntl, int, fd, int, cmd, long, arg)
{
	struct uk_file *f = fdtab_peek(fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= FDTAB_MAX)
			return -EINVAL;
		return uk_fd_install(uk_file_get(f), (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fdtab_cloexec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fdtab_set_cloexec(fd, (int)(arg & FD_CLOEXEC));
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		uk_file_event(f);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return fdtab_record_lock(f, cmd, (struct flock *)arg);
	default:
		return -EINVAL;
	}
}

__attribute__((weak)) int fcntl(int fd, int cmd, ...)
{
	__builtin_va_list ap;
	long arg;

	__builtin_va_start(ap, cmd);
	arg = __builtin_va_arg(ap, long);
	__builtin_va_end(ap);
	return (int)uk_syscall_errno(uk_syscall_r_fcntl(fd, cmd, arg));
}

UK_LLSYSCALL_R_DEFINE3(int, ioctl, int, fd, unsigned long, req, void *, arg)
{
	struct uk_file *f = uk_fd_get(fd);
	int r;

	if (!f)
		return -EBADF;
	switch (req) {
	case FIONBIO:
		if (*(int *)arg)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		uk_file_event(f);
		r = 0;
		break;
	case FIOCLEX:
	case FIONCLEX:
		fdtab_set_cloexec(fd, req == FIOCLEX);
		r = 0;
		break;
	default:
		r = f->ops->ioctl ? f->ops->ioctl(f, req, arg) : -ENOTTY;
	}
	uk_file_put(f);
	return r;
}

__attribute__((weak)) int isatty(int fd)
{
	unsigned char termios[64];

	return uk_syscall_errno(uk_syscall_r_ioctl(fd, TCGETS, (long)termios)) == 0;
}
