/*
 * Calls that add or remove a name: mkdir, mkdirat, rmdir, unlink, unlinkat,
 * symlink, symlinkat. Checks come in Linux's order: the kind of the last
 * component ("." / ".." / "/"), then EROFS (except mkdir and symlink, where
 * an existing name wins with EEXIST), then the driver.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/syscall.h>

#include "vfs.h"

struct last {
	struct uk_vfs_node *dir;
	const char *name;
	size_t len;
	int slash;
};

static long parent_at(int dirfd, const char *path, struct last *l)
{
	struct uk_vfs_node *start;
	long r = vfs_start(dirfd, path, &start);

	if (r < 0)
		return r;
	r = vfs_resolve_parent(start, path, &l->dir, &l->name, &l->len, &l->slash);
	uk_vfs_node_put(start);
	return r;
}

/* Does the name exist in dir? 0 no, 1 yes, or -errno. */
static int exists(struct last *l)
{
	struct uk_vfs_node *n;
	int r = vfs_step(l->dir, l->name, l->len, &n);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	uk_vfs_node_put(n);
	return 1;
}

static long mkdir_at(int dirfd, const char *path, mode_t mode)
{
	struct last l;
	long r = parent_at(dirfd, path, &l);

	if (r < 0)
		return r;
	r = exists(&l);
	if (r == 1)
		r = -EEXIST;
	else if (r == 0) {
		if (vfs_is_rdonly(l.dir))
			r = -EROFS;
		else if (!l.dir->ops->mkdir)
			r = -EPERM;
		else
			r = l.dir->ops->mkdir(l.dir, l.name, l.len, UK_VFS_IFDIR |
					      (mode & ~vfs_umask & 07777));
	}
	uk_vfs_node_put(l.dir);
	return r;
}

UK_SYSCALL_R_DEFINE2(int, mkdir, const char *, path, mode_t, mode)
{
	return (int)mkdir_at(AT_FDCWD, path, mode);
}

UK_SYSCALL_R_DEFINE3(int, mkdirat, int, dirfd, const char *, path, mode_t, mode)
{
	return (int)mkdir_at(dirfd, path, mode);
}

/* Is the node named by l a mount point or a mount's root? */
static int busy(struct last *l)
{
	struct uk_vfs_node *n;
	int r = vfs_step(l->dir, l->name, l->len, &n);

	if (r < 0)
		return 0;
	r = n == vfs_root || (n->mount && n->mount->root == n);
	uk_vfs_node_put(n);
	return r;
}

static long rmdir_at(int dirfd, const char *path)
{
	struct last l;
	long r = parent_at(dirfd, path, &l);

	if (r < 0)
		return r;
	switch (vfs_dots(l.name, l.len)) {
	case 1:
		/* "/" itself is busy; "x/." is invalid */
		r = strspn(path, "/") == strlen(path) ? -EBUSY : -EINVAL;
		break;
	case 2:
		r = -ENOTEMPTY;
		break;
	default:
		if (vfs_is_rdonly(l.dir))
			r = -EROFS;
		else if (busy(&l))
			r = -EBUSY;
		else if (!l.dir->ops->rmdir)
			r = exists(&l) == 1 ? -EPERM : -ENOENT;
		else
			r = l.dir->ops->rmdir(l.dir, l.name, l.len);
	}
	uk_vfs_node_put(l.dir);
	return r;
}

UK_SYSCALL_R_DEFINE1(int, rmdir, const char *, path)
{
	return (int)rmdir_at(AT_FDCWD, path);
}

static long unlink_at(int dirfd, const char *path)
{
	struct last l;
	long r = parent_at(dirfd, path, &l);

	if (r < 0)
		return r;
	if (vfs_dots(l.name, l.len))
		r = -EISDIR;
	else if (vfs_is_rdonly(l.dir))
		r = -EROFS;
	else if (l.slash) {
		struct uk_vfs_node *n;

		r = vfs_step(l.dir, l.name, l.len, &n);
		if (r == 0) {
			r = n->type == UK_VFS_IFDIR ? -EISDIR : -ENOTDIR;
			uk_vfs_node_put(n);
		}
	} else if (!l.dir->ops->unlink)
		r = exists(&l) == 1 ? -EPERM : -ENOENT;
	else
		r = l.dir->ops->unlink(l.dir, l.name, l.len);
	uk_vfs_node_put(l.dir);
	return r;
}

UK_SYSCALL_R_DEFINE1(int, unlink, const char *, path)
{
	return (int)unlink_at(AT_FDCWD, path);
}

UK_SYSCALL_R_DEFINE3(int, unlinkat, int, dirfd, const char *, path, int, flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return (int)(flags & AT_REMOVEDIR ? rmdir_at(dirfd, path) : unlink_at(dirfd, path));
}

static long symlink_at(const char *target, int dirfd, const char *path)
{
	struct last l;
	size_t tlen;
	long r;

	if (!target)
		return -EFAULT;
	tlen = strnlen(target, VFS_PATH_MAX);
	if (!tlen)
		return -ENOENT;
	if (tlen >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	r = parent_at(dirfd, path, &l);
	if (r < 0)
		return r;
	r = vfs_dots(l.name, l.len) ? 1 : exists(&l);
	if (r == 1)
		r = -EEXIST;
	else if (r == 0) {
		if (l.slash)
			r = -ENOENT;
		else if (vfs_is_rdonly(l.dir))
			r = -EROFS;
		else if (!l.dir->ops->symlink)
			r = -EPERM;
		else
			r = l.dir->ops->symlink(l.dir, l.name, l.len, target, tlen);
	}
	uk_vfs_node_put(l.dir);
	return r;
}

UK_SYSCALL_R_DEFINE2(int, symlink, const char *, target, const char *, path)
{
	return (int)symlink_at(target, AT_FDCWD, path);
}

UK_SYSCALL_R_DEFINE3(int, symlinkat, const char *, target, int, dirfd, const char *, path)
{
	return (int)symlink_at(target, dirfd, path);
}
