/*
 * rename, renameat, renameat2 (RENAME_NOREPLACE). The VFS refuses what
 * depends on paths and mounts — "." / ".." (EBUSY), another mount (EXDEV),
 * a read-only mount (EROFS), a mount point (EBUSY), a directory moved
 * into itself (EINVAL) — and the driver applies the replacement rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <uk/syscall.h>

#include "vfs.h"

#define RENAME_NOREPLACE 1

/* Is d (a directory) old itself or below it? Walks up d's ".." within its mount. */
static int inside(struct uk_vfs_node *old, struct uk_vfs_node *d)
{
	struct uk_vfs_node *cur = d, *up;
	int r = 0;

	uk_vfs_node_get(cur);
	for (;;) {
		if (cur->mount == old->mount && cur->ino == old->ino) {
			r = 1;
			break;
		}
		if (cur == vfs_root || (cur->mount && cur->mount->root == cur))
			break;
		if (vfs_step(cur, "..", 2, &up) < 0)
			break;
		uk_vfs_node_put(cur);
		cur = up;
	}
	uk_vfs_node_put(cur);
	return r;
}

static int is_mount_root(struct uk_vfs_node *n)
{
	return n == vfs_root || (n->mount && n->mount->root == n);
}

static long rename_at(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
		      unsigned flags)
{
	struct uk_vfs_node *os = 0, *ns = 0, *od = 0, *nd = 0, *on = 0, *nn = 0;
	const char *oname, *nname;
	size_t olen, nlen;
	int oslash, nslash;
	long r;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	r = vfs_start(olddirfd, oldpath, &os);
	if (r == 0)
		r = vfs_start(newdirfd, newpath, &ns);
	if (r == 0)
		r = vfs_resolve_parent(os, oldpath, &od, &oname, &olen, &oslash);
	if (r == 0)
		r = vfs_resolve_parent(ns, newpath, &nd, &nname, &nlen, &nslash);
	if (r < 0)
		goto out;
	if (vfs_dots(oname, olen) || vfs_dots(nname, nlen))
		r = -EBUSY;
	else if (od->mount != nd->mount)
		r = -EXDEV;
	else if (vfs_is_rdonly(od))
		r = -EROFS;
	if (r < 0)
		goto out;
	r = vfs_step(od, oname, olen, &on);
	if (r < 0)
		goto out;
	if (on->mount != od->mount || is_mount_root(on)) {
		r = -EBUSY;
		goto out;
	}
	if ((oslash || nslash) && on->type != UK_VFS_IFDIR) {
		r = -ENOTDIR;
		goto out;
	}
	if (vfs_step(nd, nname, nlen, &nn) == 0) {
		if (flags & RENAME_NOREPLACE)
			r = -EEXIST;
		else if (is_mount_root(nn) || nn->mount != nd->mount)
			r = -EBUSY;
		if (r < 0)
			goto out;
	}
	if (on->type == UK_VFS_IFDIR && od != nd && inside(on, nd)) {
		r = -EINVAL;
		goto out;
	}
	r = od->ops->rename ? od->ops->rename(od, oname, olen, nd, nname, nlen) : -EPERM;
out:
	uk_vfs_node_put(nn);
	uk_vfs_node_put(on);
	uk_vfs_node_put(nd);
	uk_vfs_node_put(od);
	uk_vfs_node_put(ns);
	uk_vfs_node_put(os);
	return r;
}

UK_SYSCALL_R_DEFINE2(int, rename, const char *, oldpath, const char *, newpath)
{
	return (int)rename_at(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

UK_SYSCALL_R_DEFINE4(int, renameat, int, olddirfd, const char *, oldpath, int, newdirfd,
		     const char *, newpath)
{
	return (int)rename_at(olddirfd, oldpath, newdirfd, newpath, 0);
}

UK_SYSCALL_R_DEFINE5(int, renameat2, int, olddirfd, const char *, oldpath, int, newdirfd,
		     const char *, newpath, unsigned, flags)
{
	return (int)rename_at(olddirfd, oldpath, newdirfd, newpath, flags);
}
