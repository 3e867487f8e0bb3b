/*
 * The mount table. "/" is mounted first (at UK_INIT_FS, see boot.c); every
 * other mount hides a directory of an existing one. A mount point is found
 * by (mount, inode number) of the directory it hides, so drivers that hand
 * out a fresh node per lookup (9P) need not keep nodes alive.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/vfs.h>

#include "vfs.h"

struct uk_vfs_node *vfs_root;
struct uk_vfs_node *vfs_cwd;
static struct uk_vfs_mount *mounts;

struct uk_vfs_mount *vfs_mount_on(const struct uk_vfs_node *n)
{
	struct uk_vfs_mount *m;

	if (n->type != UK_VFS_IFDIR)
		return 0;
	for (m = mounts; m; m = m->next)
		if (m->covered && m->parent == n->mount && m->covered->ino == n->ino)
			return m;
	return 0;
}

int vfs_is_rdonly(const struct uk_vfs_node *n)
{
	return n->mount && (n->mount->flags & UK_VFS_MOUNT_RDONLY);
}

static int mount_type(struct uk_vfs_fstype *t, const char *source, unsigned flags,
		      struct uk_vfs_mount **out)
{
	struct uk_vfs_mount *m = calloc(1, sizeof(*m));
	struct uk_vfs_node *root = 0;
	int r;

	if (!m)
		return -ENOMEM;
	r = t->mount(source ? source : "", flags, &root);
	if (r < 0 || !root) {
		free(m);
		return r < 0 ? r : -EIO;
	}
	if (root->type != UK_VFS_IFDIR) {
		uk_vfs_node_put(root);
		free(m);
		return -ENOTDIR;
	}
	m->type = t;
	m->flags = flags;
	m->root = root;
	vfs_adopt(root, m);
	*out = m;
	return 0;
}

/* Make the directory path (and its parents) exist; one reference to it. */
static int make_dirs(const char *path, struct uk_vfs_node **out)
{
	const char *p = path;
	struct uk_vfs_node *dir = vfs_root, *next;
	int r;

	uk_vfs_node_get(dir);
	while (*p) {
		const char *name;
		size_t len;

		while (*p == '/')
			p++;
		name = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - name);
		if (!len)
			break;
		r = vfs_step(dir, name, len, &next);
		if (r == -ENOENT && !vfs_dots(name, len)) {
			if (vfs_is_rdonly(dir))
				r = -EROFS;
			else if (!dir->ops->mkdir)
				r = -EPERM;
			else
				r = dir->ops->mkdir(dir, name, len, 0755);
			if (r == 0 || r == -EEXIST)
				r = vfs_step(dir, name, len, &next);
		}
		uk_vfs_node_put(dir);
		if (r < 0)
			return r;
		if (next->type != UK_VFS_IFDIR) {
			uk_vfs_node_put(next);
			return -ENOTDIR;
		}
		dir = next;
	}
	*out = dir;
	return 0;
}

static int mount_at(struct uk_vfs_fstype *t, const char *source, const char *path,
		    unsigned flags)
{
	struct uk_vfs_mount *m;
	struct uk_vfs_node *dir;
	int r;

	if (path[0] != '/')
		return -EINVAL;
	if (!vfs_root) {
		int only_root = 1;

		for (const char *p = path; *p; p++)
			if (*p != '/')
				only_root = 0;
		if (!only_root)
			return -ENOENT; /* "/" comes first */
		r = mount_type(t, source, flags, &m);
		if (r < 0)
			return r;
		m->next = mounts;
		mounts = m;
		vfs_root = m->root;
		uk_vfs_node_get(vfs_root);
		vfs_cwd = m->root;
		uk_vfs_node_get(vfs_cwd);
		return 0;
	}
	r = make_dirs(path, &dir);
	if (r < 0)
		return r;
	if (dir == vfs_root) {
		uk_vfs_node_put(dir);
		return -EBUSY; /* "/" is mounted once */
	}
	r = mount_type(t, source, flags, &m);
	if (r < 0) {
		uk_vfs_node_put(dir);
		return r;
	}
	m->parent = dir->mount;
	m->covered = dir; /* keeps the reference */
	m->next = mounts;
	mounts = m;
	return 0;
}

int uk_vfs_mount(const char *fstype, const char *source, const char *path, unsigned flags)
{
	struct uk_vfs_fstype *t;

	if (!fstype || !path)
		return -EINVAL;
	t = vfs_fstype_find(fstype, strlen(fstype));
	if (!t)
		return -ENODEV;
	return mount_at(t, source, path, flags);
}

/* FSTYPE:SOURCE:PATH[:ro] (FSTYPE may be empty: the default driver). */
int uk_vfs_mount_spec(const char *spec)
{
	const char *c1 = strchr(spec, ':'), *c2, *c3;
	char source[128], *path;
	struct uk_vfs_fstype *t;
	unsigned flags = 0;
	size_t n;
	int r;

	if (!c1 || !(c2 = strchr(c1 + 1, ':')))
		return -EINVAL;
	c3 = strchr(c2 + 1, ':');
	if (c3) {
		if (strcmp(c3 + 1, "ro") && strcmp(c3 + 1, "rw"))
			return -EINVAL;
		if (!strcmp(c3 + 1, "ro"))
			flags |= UK_VFS_MOUNT_RDONLY;
	} else {
		c3 = c2 + strlen(c2);
	}
	t = c1 == spec ? vfs_fstype_default() : vfs_fstype_find(spec, (size_t)(c1 - spec));
	if (!t)
		return -ENODEV;
	n = (size_t)(c2 - c1 - 1);
	if (n >= sizeof(source))
		return -ENAMETOOLONG;
	memcpy(source, c1 + 1, n);
	source[n] = 0;
	n = (size_t)(c3 - c2 - 1);
	if (n >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (c2[1] != '/')
		return -EINVAL;
	path = malloc(n + 1); /* not on the stack: mounts run on the small boot stack */
	if (!path)
		return -ENOMEM;
	memcpy(path, c2 + 1, n);
	path[n] = 0;
	r = mount_at(t, source, path, flags);
	free(path);
	return r;
}
