/*
 * utimensat, futimens, utimes: a file's access and modification times,
 * through the driver's setattr. UTIME_NOW takes the wall clock, UTIME_OMIT
 * leaves a time as it is, no times at all means both now.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <uk/syscall.h>

#include "vfs.h"

/* C libraries declare futimens's times as a pointer (@uk/libc) or as an array of two (musl): the same type. */
#pragma GCC diagnostic ignored "-Warray-parameter"

static long set_times(struct uk_vfs_node *n, const struct timespec *ts)
{
	struct uk_vfs_setattr s = { 0 };
	struct timespec now;
	int i;

	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < 2; i++) {
		struct timespec t = ts ? ts[i] : (struct timespec){ 0, UTIME_NOW };

		if (t.tv_nsec == UTIME_OMIT)
			continue;
		if (t.tv_nsec == UTIME_NOW)
			t = now;
		else if (t.tv_nsec < 0 || t.tv_nsec >= 1000000000L)
			return -EINVAL;
		if (i == 0) {
			s.valid |= UK_VFS_SET_ATIME;
			s.atime_sec = t.tv_sec;
			s.atime_nsec = (uint32_t)t.tv_nsec;
		} else {
			s.valid |= UK_VFS_SET_MTIME;
			s.mtime_sec = t.tv_sec;
			s.mtime_nsec = (uint32_t)t.tv_nsec;
		}
	}
	if (!s.valid)
		return 0;
	if (vfs_is_rdonly(n))
		return -EROFS;
	return n->ops->setattr ? n->ops->setattr(n, &s) : -EPERM;
}

/* path NULL: the file open on dirfd (how Linux's futimens reaches it). */
UK_SYSCALL_R_DEFINE4(int, utimensat, int, dirfd, const char *, path, const struct timespec *, ts,
		     int, flags)
{
	struct uk_vfs_node *n;
	long r;

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (!path) {
		int err = 0;

		n = vfs_node_of_fd(dirfd, &err);
		if (!n)
			return err == -ENOTDIR ? -EINVAL : err;
	} else {
		r = vfs_lookup_at(dirfd, path, flags ? 0 : VFS_FOLLOW, &n);
		if (r < 0)
			return (int)r;
	}
	r = set_times(n, ts);
	uk_vfs_node_put(n);
	return (int)r;
}

__attribute__((weak)) int futimens(int fd, const struct timespec *ts)
{
	return (int)uk_syscall_errno(uk_syscall_r_utimensat(fd, 0, (long)ts, 0));
}

UK_SYSCALL_R_DEFINE2(int, utimes, const char *, path, const struct timeval *, tv)
{
	struct timespec ts[2];
	int i;

	if (!tv)
		return uk_syscall_r_utimensat(AT_FDCWD, (long)path, 0, 0);
	for (i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return uk_syscall_r_utimensat(AT_FDCWD, (long)path, (long)ts, 0);
}
