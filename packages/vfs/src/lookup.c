/*
 * Path resolution: a path is walked one component at a time from a start
 * directory, each component handed to the directory's driver as (pointer,
 * length) into the caller's string. Mount points are crossed downwards
 * after each step and upwards on ".." at a mount's root; ".." at "/" stays
 * at "/". Symbolic links are followed (at most VFS_SYMLINK_MAX per
 * resolution, then ELOOP, as Linux), their target read into a buffer of
 * its own and resolved from the directory holding the link.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vfs.h"

int vfs_getattr(struct uk_vfs_node *n, struct uk_vfs_attr *a)
{
	memset(a, 0, sizeof(*a));
	if (!n->ops->getattr) {
		a->ino = n->ino;
		a->mode = n->type | 0755;
		a->nlink = 1;
		return 0;
	}
	return n->ops->getattr(n, a);
}

int vfs_step(struct uk_vfs_node *dir, const char *name, size_t len, struct uk_vfs_node **out)
{
	struct uk_vfs_node *n;
	struct uk_vfs_mount *m;
	int r;

	if (dir->type != UK_VFS_IFDIR)
		return -ENOTDIR;
	if (len > UK_VFS_NAME_MAX)
		return -ENAMETOOLONG;
	switch (vfs_dots(name, len)) {
	case 1:
		uk_vfs_node_get(dir);
		*out = dir;
		return 0;
	case 2:
		if (dir == vfs_root) {
			uk_vfs_node_get(dir);
			*out = dir;
			return 0;
		}
		/* At a mount's root, ".." is the parent of the directory it hides. */
		while (dir->mount && dir->mount->covered && dir == dir->mount->root)
			dir = dir->mount->covered;
		if (dir == vfs_root) {
			uk_vfs_node_get(dir);
			*out = dir;
			return 0;
		}
		break;
	}
	if (!dir->ops->lookup)
		return -ENOENT;
	r = dir->ops->lookup(dir, name, len, &n);
	if (r < 0)
		return r;
	vfs_adopt(n, dir->mount);
	while ((m = vfs_mount_on(n))) {
		uk_vfs_node_put(n);
		r = vfs_mount_ready(m);
		if (r < 0)
			return r;
		n = m->root;
		uk_vfs_node_get(n);
	}
	*out = n;
	return 0;
}

struct walk {
	int links; /* symbolic links followed so far */
};

static int walk(struct walk *w, struct uk_vfs_node *start, const char *path, int flags,
		struct uk_vfs_node **out);

/* n is a symbolic link found in dir: resolve its target from dir. */
static int follow(struct walk *w, struct uk_vfs_node *dir, struct uk_vfs_node *n, int flags,
		  struct uk_vfs_node **out)
{
	char *target;
	int r;

	if (++w->links > VFS_SYMLINK_MAX)
		return -ELOOP;
	if (!n->ops->readlink)
		return -EINVAL;
	target = malloc(VFS_PATH_MAX);
	if (!target)
		return -ENOMEM;
	r = n->ops->readlink(n, target, VFS_PATH_MAX - 1);
	if (r >= 0) {
		target[r] = 0;
		r = r ? walk(w, target[0] == '/' ? vfs_root : dir, target, flags, out) : -ENOENT;
	}
	free(target);
	return r;
}

static int walk(struct walk *w, struct uk_vfs_node *start, const char *path, int flags,
		struct uk_vfs_node **out)
{
	struct uk_vfs_node *dir = start, *n;
	const char *p = path;
	size_t plen = strnlen(path, VFS_PATH_MAX);
	int r;

	if (!plen)
		return -ENOENT;
	if (plen >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (*p == '/')
		dir = vfs_root;
	uk_vfs_node_get(dir);
	for (;;) {
		const char *name;
		size_t len;
		int last;

		while (*p == '/')
			p++;
		if (!*p)
			break; /* "/" or a trailing slash: dir is the answer */
		name = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - name);
		last = 1;
		for (const char *q = p; *q; q++)
			if (*q != '/') {
				last = 0;
				break;
			}
		r = vfs_step(dir, name, len, &n);
		if (r < 0) {
			uk_vfs_node_put(dir);
			return r;
		}
		if (n->type == UK_VFS_IFLNK && (!last || *p == '/' || (flags & VFS_FOLLOW))) {
			struct uk_vfs_node *t;

			r = follow(w, dir, n, VFS_FOLLOW, &t);
			uk_vfs_node_put(n);
			if (r < 0) {
				uk_vfs_node_put(dir);
				return r;
			}
			n = t;
		}
		uk_vfs_node_put(dir);
		dir = n;
		if (last)
			break;
		if (dir->type != UK_VFS_IFDIR) {
			uk_vfs_node_put(dir);
			return -ENOTDIR;
		}
	}
	if ((flags & VFS_DIRONLY || path[plen - 1] == '/') && dir->type != UK_VFS_IFDIR) {
		uk_vfs_node_put(dir);
		return -ENOTDIR;
	}
	*out = dir;
	return 0;
}

int vfs_resolve(struct uk_vfs_node *start, const char *path, int flags, struct uk_vfs_node **out)
{
	struct walk w = { 0 };

	vfs_boot_mounts_finish();
	if (!vfs_root)
		return -ENOENT;
	return walk(&w, start ? start : vfs_cwd, path, flags, out);
}

int vfs_resolve_parent(struct uk_vfs_node *start, const char *path, struct uk_vfs_node **dir,
		       const char **name, size_t *len, int *trailing_slash)
{
	size_t n = strnlen(path, VFS_PATH_MAX);
	const char *end, *base;
	struct uk_vfs_node *d;
	int r;

	vfs_boot_mounts_finish();
	if (!vfs_root || !n)
		return -ENOENT;
	if (n >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	end = path + n;
	while (end > path + 1 && end[-1] == '/')
		end--;
	*trailing_slash = (size_t)(end - path) != n;
	base = end;
	while (base > path && base[-1] != '/')
		base--;
	if (base == end) {
		/* "/" alone: its own parent, named "." */
		*name = ".";
		*len = 1;
		uk_vfs_node_get(vfs_root);
		*dir = vfs_root;
		return 0;
	}
	if ((size_t)(end - base) > UK_VFS_NAME_MAX)
		return -ENAMETOOLONG;
	if (base == path) {
		d = start ? start : vfs_cwd;
		uk_vfs_node_get(d);
	} else {
		/* The directory part, up to and including the last separator. */
		size_t dn = (size_t)(base - path);
		char *dpath = malloc(dn + 1);

		if (!dpath)
			return -ENOMEM;
		memcpy(dpath, path, dn);
		dpath[dn] = 0;
		r = vfs_resolve(start, dpath, VFS_FOLLOW | VFS_DIRONLY, &d);
		free(dpath);
		if (r < 0)
			return r;
	}
	if (d->type != UK_VFS_IFDIR) {
		uk_vfs_node_put(d);
		return -ENOTDIR;
	}
	*dir = d;
	*name = base;
	*len = (size_t)(end - base);
	return 0;
}
