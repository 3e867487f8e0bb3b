/*
 * chown, lchown, fchown, fchownat. uk's filesystems report an owner but
 * cannot record another one (ramfs has one user, a 9P volume's files
 * belong to whoever serves it), so a call that keeps the owner and group
 * a file has (or passes -1 for them) succeeds, as it does on Linux, and
 * a call that would change them fails with EPERM instead of pretending.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <uk/syscall.h>

#include "vfs.h"

static long chown_node(struct uk_vfs_node *n, uid_t owner, gid_t group)
{
	struct uk_vfs_attr a;
	long r;

	if (vfs_is_rdonly(n))
		return -EROFS;
	r = vfs_getattr(n, &a);
	if (r < 0)
		return r;
	if ((owner != (uid_t)-1 && owner != a.uid) || (group != (gid_t)-1 && group != a.gid))
		return -EPERM;
	return 0;
}

static long chown_at(int dirfd, const char *path, uid_t owner, gid_t group, int flags)
{
	struct uk_vfs_node *n;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (path && !path[0] && (flags & AT_EMPTY_PATH)) {
		int err = 0;

		n = vfs_node_of_fd(dirfd, &err);
		if (!n)
			return err;
	} else {
		r = vfs_lookup_at(dirfd, path, flags & AT_SYMLINK_NOFOLLOW ? 0 : VFS_FOLLOW, &n);
		if (r < 0)
			return r;
	}
	r = chown_node(n, owner, group);
	uk_vfs_node_put(n);
	return r;
}

UK_SYSCALL_R_DEFINE3(int, chown, const char *, path, uid_t, owner, gid_t, group)
{
	return (int)chown_at(AT_FDCWD, path, owner, group, 0);
}

UK_SYSCALL_R_DEFINE3(int, lchown, const char *, path, uid_t, owner, gid_t, group)
{
	return (int)chown_at(AT_FDCWD, path, owner, group, AT_SYMLINK_NOFOLLOW);
}

UK_SYSCALL_R_DEFINE5(int, fchownat, int, dirfd, const char *, path, uid_t, owner, gid_t, group,
		     int, flags)
{
	return (int)chown_at(dirfd, path, owner, group, flags);
}

UK_SYSCALL_R_DEFINE3(int, fchown, int, fd, uid_t, owner, gid_t, group)
{
	int err = 0;
	struct uk_vfs_node *n = vfs_node_of_fd(fd, &err);
	long r;

	if (!n)
		return err == -ENOTDIR ? -EINVAL : err;
	r = chown_node(n, owner, group);
	uk_vfs_node_put(n);
	return (int)r;
}
