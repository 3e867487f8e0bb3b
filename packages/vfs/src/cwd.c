/*
 * The working directory: chdir, fchdir, getcwd. The VFS keeps the working
 * directory as a node, not a string, so getcwd finds its path by walking
 * up: at each level it looks the child's inode number up in the parent's
 * entries (crossing a mount at its root). That costs a directory scan per
 * level, only when getcwd is called; chdir through a symbolic link thus
 * yields the real path, as on Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uk/syscall.h>

#include "vfs.h"

static void set_cwd(struct uk_vfs_node *n)
{
	struct uk_vfs_node *old = vfs_cwd;

	vfs_cwd = n; /* takes the caller's reference */
	uk_vfs_node_put(old);
}

UK_SYSCALL_R_DEFINE1(int, chdir, const char *, path)
{
	struct uk_vfs_node *n;
	int r = vfs_resolve(0, path, VFS_FOLLOW | VFS_DIRONLY, &n);

	if (r < 0)
		return r;
	set_cwd(n);
	return 0;
}

UK_SYSCALL_R_DEFINE1(int, fchdir, int, fd)
{
	int err = 0;
	struct uk_vfs_node *n = vfs_node_of_fd(fd, &err);

	if (!n)
		return err;
	if (n->type != UK_VFS_IFDIR) {
		uk_vfs_node_put(n);
		return -ENOTDIR;
	}
	set_cwd(n);
	return 0;
}

/* The name of child (a directory entry with its inode number) in dir. */
static int name_in(struct uk_vfs_node *dir, struct uk_vfs_node *child, struct uk_vfs_dirent *e)
{
	void *h = 0;
	uint64_t cookie = 0;
	int r;

	if (!dir->ops->readdir)
		return -ENOENT;
	if (dir->ops->open && (r = dir->ops->open(dir, O_RDONLY | O_DIRECTORY, &h)) < 0)
		return r;
	for (;;) {
		r = dir->ops->readdir(dir, h, cookie, e);
		if (r <= 0) {
			r = r ? r : -ENOENT;
			break;
		}
		if (e->ino == child->ino && !vfs_dots(e->name, e->namelen)) {
			r = 0;
			break;
		}
		cookie = e->next;
	}
	if (dir->ops->close)
		dir->ops->close(dir, h);
	return r;
}

static long cwd_path(char *out, size_t size)
{
	char *buf = malloc(VFS_PATH_MAX);
	struct uk_vfs_dirent *e = malloc(sizeof(*e));
	struct uk_vfs_node *cur = vfs_cwd, *up;
	size_t at = VFS_PATH_MAX - 1;
	long r = 0;

	if (!buf || !e) {
		free(buf);
		free(e);
		return -ENOMEM;
	}
	buf[at] = 0;
	uk_vfs_node_get(cur);
	while (cur != vfs_root) {
		while (cur->mount && cur->mount->covered && cur == cur->mount->root) {
			up = cur->mount->covered;
			uk_vfs_node_get(up);
			uk_vfs_node_put(cur);
			cur = up;
		}
		if (cur == vfs_root)
			break;
		r = vfs_step(cur, "..", 2, &up);
		if (r == 0)
			r = name_in(up, cur, e);
		uk_vfs_node_put(cur);
		if (r < 0) {
			cur = 0; /* ENOENT: the directory was removed */
			break;
		}
		cur = up;
		if (e->namelen + 1u > at) {
			r = -ENAMETOOLONG;
			break;
		}
		at -= e->namelen;
		memcpy(buf + at, e->name, e->namelen);
		buf[--at] = '/';
	}
	uk_vfs_node_put(cur);
	if (r == 0) {
		if (at == VFS_PATH_MAX - 1)
			buf[--at] = '/';
		r = (long)(VFS_PATH_MAX - at);
		if ((size_t)r > size)
			r = -ERANGE;
		else
			memcpy(out, buf + at, (size_t)r);
	}
	free(buf);
	free(e);
	return r;
}

/* The raw call returns the length including the NUL, as Linux's. */
UK_LLSYSCALL_R_DEFINE2(long, getcwd, char *, buf, size_t, size)
{
	if (!buf)
		return -EFAULT;
	return cwd_path(buf, size);
}

/* POSIX getcwd, with glibc's extension: buf NULL allocates (size 0: as needed). */
__attribute__((weak)) char *getcwd(char *buf, size_t size)
{
	char *out = buf;
	long r;

	if (buf && !size) {
		errno = EINVAL;
		return 0;
	}
	if (!buf) {
		size = size ? size : VFS_PATH_MAX;
		out = malloc(size);
		if (!out) {
			errno = ENOMEM;
			return 0;
		}
	}
	r = cwd_path(out, size);
	if (r < 0) {
		if (!buf)
			free(out);
		errno = (int)-r;
		return 0;
	}
	return out;
}
