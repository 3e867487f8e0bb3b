/* stat, lstat, fstatat, access, faccessat, readlink, readlinkat, chmod. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/file.h>
#include <uk/syscall.h>

#include "vfs.h"

static long stat_at(int dirfd, const char *path, struct stat *st, int flags)
{
	struct uk_vfs_node *n;
	struct uk_vfs_attr a;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!st)
		return -EFAULT;
	if (path && !path[0] && (flags & AT_EMPTY_PATH)) {
		int err = 0;

		if (dirfd == AT_FDCWD) {
			n = vfs_cwd;
			uk_vfs_node_get(n);
		} else if (!(n = vfs_node_of_fd(dirfd, &err))) {
			/* a descriptor of another provider (console, socket) */
			return err == -ENOTDIR ? uk_syscall_r_fstat(dirfd, (long)st) : err;
		}
	} else {
		r = vfs_lookup_at(dirfd, path, flags & AT_SYMLINK_NOFOLLOW ? 0 : VFS_FOLLOW, &n);
		if (r < 0)
			return r;
	}
	r = vfs_getattr(n, &a);
	if (r == 0)
		vfs_attr_to_stat(n, &a, st);
	uk_vfs_node_put(n);
	return r;
}

UK_LLSYSCALL_R_DEFINE4(int, newfstatat, int, dirfd, const char *, path, struct stat *, st, int,
		       flags)
{
	return (int)stat_at(dirfd, path, st, flags);
}

__attribute__((weak)) int fstatat(int dirfd, const char *restrict path, struct stat *restrict st,
				  int flags)
{
	return (int)uk_syscall_errno(uk_syscall_r_newfstatat(dirfd, (long)path, (long)st, flags));
}

UK_SYSCALL_R_DEFINE2(int, stat, const char *, path, struct stat *, st)
{
	return (int)stat_at(AT_FDCWD, path, st, 0);
}

UK_SYSCALL_R_DEFINE2(int, lstat, const char *, path, struct stat *, st)
{
	return (int)stat_at(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

/* Everyone is root here: existence is all, plus EROFS for W_OK on a read-only mount. */
static long access_at(int dirfd, const char *path, int mode, int flags)
{
	struct uk_vfs_node *n;
	long r;

	if (mode & ~(R_OK | W_OK | X_OK) || flags & ~(AT_SYMLINK_NOFOLLOW | 0x200 /* AT_EACCESS */))
		return -EINVAL;
	r = vfs_lookup_at(dirfd, path, flags & AT_SYMLINK_NOFOLLOW ? 0 : VFS_FOLLOW, &n);
	if (r < 0)
		return r;
	if ((mode & W_OK) && vfs_is_rdonly(n))
		r = -EROFS;
	else if (mode & X_OK) {
		struct uk_vfs_attr a;

		r = vfs_getattr(n, &a);
		if (r == 0 && n->type != UK_VFS_IFDIR && !(a.mode & 0111))
			r = -EACCES;
	}
	uk_vfs_node_put(n);
	return r;
}

UK_SYSCALL_R_DEFINE2(int, access, const char *, path, int, mode)
{
	return (int)access_at(AT_FDCWD, path, mode, 0);
}

UK_LLSYSCALL_R_DEFINE3(int, faccessat, int, dirfd, const char *, path, int, mode)
{
	return (int)access_at(dirfd, path, mode, 0);
}

UK_LLSYSCALL_R_DEFINE4(int, faccessat2, int, dirfd, const char *, path, int, mode, int, flags)
{
	return (int)access_at(dirfd, path, mode, flags);
}

__attribute__((weak)) int faccessat(int dirfd, const char *path, int mode, int flags)
{
	return (int)uk_syscall_errno(uk_syscall_r_faccessat2(dirfd, (long)path, mode, flags));
}

static long readlink_at(int dirfd, const char *path, char *buf, size_t len)
{
	struct uk_vfs_node *n;
	long r;

	if ((ssize_t)len <= 0)
		return -EINVAL;
	r = vfs_lookup_at(dirfd, path, 0, &n);
	if (r < 0)
		return r;
	if (n->type != UK_VFS_IFLNK || !n->ops->readlink)
		r = -EINVAL;
	else
		r = n->ops->readlink(n, buf, len);
	uk_vfs_node_put(n);
	return r;
}

UK_SYSCALL_R_DEFINE3(ssize_t, readlink, const char *, path, char *, buf, size_t, len)
{
	return readlink_at(AT_FDCWD, path, buf, len);
}

UK_SYSCALL_R_DEFINE4(ssize_t, readlinkat, int, dirfd, const char *, path, char *, buf, size_t,
		     len)
{
	return readlink_at(dirfd, path, buf, len);
}

static long chmod_node(struct uk_vfs_node *n, mode_t mode)
{
	struct uk_vfs_setattr s = { .valid = UK_VFS_SET_MODE, .mode = mode & 07777 };

	if (vfs_is_rdonly(n))
		return -EROFS;
	return n->ops->setattr ? n->ops->setattr(n, &s) : -EPERM;
}

static long chmod_at(int dirfd, const char *path, mode_t mode, int flags)
{
	struct uk_vfs_node *n;
	long r;

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	r = vfs_lookup_at(dirfd, path, flags ? 0 : VFS_FOLLOW, &n);
	if (r < 0)
		return r;
	r = n->type == UK_VFS_IFLNK ? -EOPNOTSUPP : chmod_node(n, mode);
	uk_vfs_node_put(n);
	return r;
}

UK_SYSCALL_R_DEFINE2(int, chmod, const char *, path, mode_t, mode)
{
	return (int)chmod_at(AT_FDCWD, path, mode, 0);
}

UK_LLSYSCALL_R_DEFINE3(int, fchmodat, int, dirfd, const char *, path, mode_t, mode)
{
	return (int)chmod_at(dirfd, path, mode, 0);
}

__attribute__((weak)) int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	return (int)uk_syscall_errno(chmod_at(dirfd, path, mode, flags));
}

UK_SYSCALL_R_DEFINE2(int, fchmod, int, fd, mode_t, mode)
{
	int err = 0;
	struct uk_vfs_node *n = vfs_node_of_fd(fd, &err);
	long r;

	if (!n)
		return err == -ENOTDIR ? -EINVAL : err;
	r = chmod_node(n, mode);
	uk_vfs_node_put(n);
	return (int)r;
}
