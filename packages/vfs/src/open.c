/*
 * open, openat, creat and umask. The checks and their order follow Linux:
 * O_CREAT looks the last name up in its directory (EEXIST with O_EXCL,
 * EISDIR for a directory or a trailing slash), the rest resolves the whole
 * path (ELOOP for a final symbolic link with O_NOFOLLOW), then ENOTDIR for
 * O_DIRECTORY on a non-directory, EISDIR for a directory opened for
 * writing, EROFS for writing or truncating on a read-only mount.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <uk/syscall.h>

#include "vfs.h"

unsigned vfs_umask = 022;

/* The last component of path under O_CREAT: existing node or a new file. */
static int open_create(struct uk_vfs_node *start, const char *path, int flags, unsigned mode,
		       struct uk_vfs_node **out, int *created)
{
	struct uk_vfs_node *dir, *n;
	const char *name;
	size_t len;
	int slash, r;

	r = vfs_resolve_parent(start, path, &dir, &name, &len, &slash);
	if (r < 0)
		return r;
	if (vfs_dots(name, len) || slash) {
		uk_vfs_node_put(dir);
		return -EISDIR; /* ".", "..", "/" and "name/" are directories */
	}
	r = vfs_step(dir, name, len, &n);
	if (r == 0) {
		if (flags & O_EXCL) {
			uk_vfs_node_put(n);
			r = -EEXIST;
		} else if (n->type == UK_VFS_IFLNK) {
			struct uk_vfs_node *t;

			if (flags & O_NOFOLLOW)
				r = -ELOOP;
			else
				r = vfs_resolve(dir, name, VFS_FOLLOW, &t);
			uk_vfs_node_put(n);
			n = r == 0 ? t : 0;
		}
		if (r == 0 && n->type == UK_VFS_IFDIR) {
			uk_vfs_node_put(n);
			r = -EISDIR;
		}
	} else if (r == -ENOENT) {
		if (vfs_is_rdonly(dir))
			r = -EROFS;
		else if (!dir->ops->create)
			r = -EPERM;
		else
			r = dir->ops->create(dir, name, len, UK_VFS_IFREG | (mode & ~vfs_umask & 07777),
					     &n);
		if (r == 0) {
			vfs_adopt(n, dir->mount);
			*created = 1;
		}
	}
	uk_vfs_node_put(dir);
	if (r == 0)
		*out = n;
	return r;
}

static long do_openat(int dirfd, const char *path, int flags, unsigned mode)
{
	struct uk_vfs_node *start, *n;
	int acc = flags & O_ACCMODE, created = 0;
	long r;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	if (acc == 3)
		return -EINVAL;
	r = vfs_start(dirfd, path, &start);
	if (r < 0)
		return r;
	if (flags & O_CREAT)
		r = open_create(start, path, flags, mode, &n, &created);
	else
		r = vfs_resolve(start, path, flags & O_NOFOLLOW ? 0 : VFS_FOLLOW, &n);
	uk_vfs_node_put(start);
	if (r < 0)
		return r;
	if (n->type == UK_VFS_IFLNK && !(flags & O_PATH))
		r = -ELOOP;
	else if ((flags & O_DIRECTORY) && n->type != UK_VFS_IFDIR)
		r = -ENOTDIR;
	else if (n->type == UK_VFS_IFDIR && (acc != O_RDONLY || (flags & O_TRUNC)) &&
		 !(flags & O_PATH))
		r = -EISDIR;
	else if (vfs_is_rdonly(n) && !(flags & O_PATH) && (acc != O_RDONLY || (flags & O_TRUNC)))
		r = -EROFS;
	else if ((flags & O_TRUNC) && !created && n->type == UK_VFS_IFREG && !(flags & O_PATH)) {
		struct uk_vfs_setattr s = { .valid = UK_VFS_SET_SIZE, .size = 0 };

		r = n->ops->setattr ? n->ops->setattr(n, &s) : -EPERM;
	}
	if (r == 0)
		r = vfs_install(n, flags);
	uk_vfs_node_put(n);
	return r;
}

UK_LLSYSCALL_R_DEFINE4(int, openat, int, dirfd, const char *, path, int, flags, unsigned, mode)
{
	return (int)do_openat(dirfd, path, flags, mode);
}

UK_LLSYSCALL_R_DEFINE3(int, open, const char *, path, int, flags, unsigned, mode)
{
	return (int)do_openat(AT_FDCWD, path, flags, mode);
}

UK_SYSCALL_R_DEFINE2(int, creat, const char *, path, mode_t, mode)
{
	return (int)do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

UK_SYSCALL_R_DEFINE1(mode_t, umask, mode_t, mask)
{
	mode_t old = vfs_umask;

	vfs_umask = mask & 0777;
	return old;
}

/* The POSIX functions: the mode argument is there only with O_CREAT/O_TMPFILE. */
__attribute__((weak)) int open(const char *path, int flags, ...)
{
	unsigned mode = 0;

	if (flags & O_CREAT || (flags & O_TMPFILE) == O_TMPFILE) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	return (int)uk_syscall_errno(uk_syscall_r_open((long)path, flags, mode));
}

__attribute__((weak)) int openat(int dirfd, const char *path, int flags, ...)
{
	unsigned mode = 0;

	if (flags & O_CREAT || (flags & O_TMPFILE) == O_TMPFILE) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	return (int)uk_syscall_errno(uk_syscall_r_openat(dirfd, (long)path, flags, mode));
}
