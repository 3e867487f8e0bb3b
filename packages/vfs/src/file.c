/*
 * Open files of the VFS as @uk/fdtab files: a descriptor's struct uk_file
 * points at a struct vfs_open (the node and the driver's per-open handle).
 * fdtab keeps the offset (f->pos); for a directory the offset is the
 * driver's readdir cookie, as on Linux, so lseek(fd, 0, SEEK_SET) rewinds.
 */
/* struct dirent64 is declared only with _GNU_SOURCE in some C libraries (musl). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/file.h>

#include "vfs.h"

static struct vfs_open *of(struct uk_file *f)
{
	return f->priv;
}

static int readable(struct uk_file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && !(f->flags & O_PATH);
}

static int writable(struct uk_file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && !(f->flags & O_PATH);
}

static ssize_t vfs_read(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	struct uk_vfs_node *n = of(f)->node;
	ssize_t total = 0;

	if (!readable(f))
		return -EBADF;
	if (n->type == UK_VFS_IFDIR)
		return -EISDIR;
	if (!n->ops->read)
		return -EINVAL;
	for (int i = 0; i < iovcnt; i++) {
		int64_t r;

		if (!iov[i].iov_len)
			continue;
		r = n->ops->read(n, of(f)->handle, iov[i].iov_base, iov[i].iov_len,
				 (uint64_t)*pos);
		if (r < 0)
			return total ? total : r;
		*pos += r;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

static ssize_t vfs_write(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	struct uk_vfs_node *n = of(f)->node;
	ssize_t total = 0;

	if (!writable(f))
		return -EBADF;
	if (n->type == UK_VFS_IFDIR)
		return -EISDIR;
	if (!n->ops->write)
		return -EINVAL;
	if (f->flags & O_APPEND && pos == &f->pos) {
		struct uk_vfs_attr a;
		int r = vfs_getattr(n, &a);

		if (r < 0)
			return r;
		*pos = (off_t)a.size;
	}
	for (int i = 0; i < iovcnt; i++) {
		int64_t r;

		if (!iov[i].iov_len)
			continue;
		r = n->ops->write(n, of(f)->handle, iov[i].iov_base, iov[i].iov_len,
				  (uint64_t)*pos);
		if (r < 0)
			return total ? total : r;
		*pos += r;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

static off_t vfs_seek(struct uk_file *f, off_t off, int whence)
{
	struct uk_vfs_node *n = of(f)->node;
	struct uk_vfs_attr a;
	off_t base;
	int r;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		if (n->type == UK_VFS_IFDIR)
			return -EINVAL;
		r = vfs_getattr(n, &a);
		if (r < 0)
			return r;
		base = (off_t)a.size;
		break;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	return base + off;
}

void vfs_attr_to_stat(const struct uk_vfs_node *n, const struct uk_vfs_attr *a, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = (dev_t)(uintptr_t)n->mount;
	st->st_ino = a->ino;
	st->st_nlink = a->nlink;
	st->st_mode = a->mode;
	st->st_uid = a->uid;
	st->st_gid = a->gid;
	st->st_size = (off_t)a->size;
	st->st_blksize = a->blksize ? a->blksize : 4096;
	st->st_blocks = (blkcnt_t)a->blocks;
	st->st_atim.tv_sec = a->atime_sec;
	st->st_atim.tv_nsec = a->atime_nsec;
	st->st_mtim.tv_sec = a->mtime_sec;
	st->st_mtim.tv_nsec = a->mtime_nsec;
	st->st_ctim.tv_sec = a->ctime_sec;
	st->st_ctim.tv_nsec = a->ctime_nsec;
}

static int vfs_fstat(struct uk_file *f, struct stat *st)
{
	struct uk_vfs_attr a;
	int r = vfs_getattr(of(f)->node, &a);

	if (r < 0)
		return r;
	vfs_attr_to_stat(of(f)->node, &a, st);
	return 0;
}

static int vfs_fsync(struct uk_file *f, int datasync)
{
	struct uk_vfs_node *n = of(f)->node;

	return n->ops->fsync ? n->ops->fsync(n, of(f)->handle, datasync) : 0;
}

static int vfs_ftruncate(struct uk_file *f, off_t len)
{
	struct uk_vfs_node *n = of(f)->node;
	struct uk_vfs_setattr s = { .valid = UK_VFS_SET_SIZE, .size = (uint64_t)len };

	if (len < 0 || !writable(f) || n->type != UK_VFS_IFREG)
		return -EINVAL;
	if (!n->ops->setattr)
		return -EPERM;
	return n->ops->setattr(n, &s);
}

/* struct linux_dirent64: ino, off, reclen, type, name; records 8-aligned. */
static ssize_t vfs_getdents64(struct uk_file *f, void *buf, size_t len)
{
	struct uk_vfs_node *n = of(f)->node;
	struct uk_vfs_dirent *e;
	size_t used = 0;
	int r = 0;

	if (n->type != UK_VFS_IFDIR)
		return -ENOTDIR;
	if (!n->ops->readdir)
		return 0;
	e = malloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	for (;;) {
		struct dirent64 *d = (struct dirent64 *)((char *)buf + used);
		size_t reclen;

		r = n->ops->readdir(n, of(f)->handle, (uint64_t)f->pos, e);
		if (r <= 0)
			break;
		reclen = (offsetof(struct dirent64, d_name) + e->namelen + 1 + 7) & ~(size_t)7;
		if (used + reclen > len) {
			r = used ? 0 : -EINVAL;
			break;
		}
		d->d_ino = e->ino;
		d->d_off = (off_t)e->next;
		d->d_reclen = (unsigned short)reclen;
		d->d_type = e->type;
		memcpy(d->d_name, e->name, e->namelen);
		memset(d->d_name + e->namelen, 0, reclen - offsetof(struct dirent64, d_name) - e->namelen);
		used += reclen;
		f->pos = (off_t)e->next;
	}
	free(e);
	if (r < 0 && !used)
		return r;
	return (ssize_t)used;
}

void vfs_release_open(struct vfs_open *o)
{
	if (o->node->ops->close)
		o->node->ops->close(o->node, o->handle);
	uk_vfs_node_put(o->node);
	free(o);
}

static void vfs_release(struct uk_file *f)
{
	vfs_release_open(of(f));
}

const struct uk_file_ops vfs_file_ops = {
	.read = vfs_read,
	.write = vfs_write,
	.seek = vfs_seek,
	.stat = vfs_fstat,
	.fsync = vfs_fsync,
	.truncate = vfs_ftruncate,
	.getdents64 = vfs_getdents64,
	.release = vfs_release,
};

int vfs_install(struct uk_vfs_node *n, int flags)
{
	struct vfs_open *o = calloc(1, sizeof(*o));
	struct uk_file *f;
	int r;

	if (!o)
		return -ENOMEM;
	if (n->ops->open && !(flags & O_PATH)) {
		r = n->ops->open(n, flags, &o->handle);
		if (r < 0) {
			free(o);
			return r;
		}
	}
	uk_vfs_node_get(n);
	o->node = n;
	f = uk_file_new(&vfs_file_ops, o,
			flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC | O_DIRECTORY |
				  O_NOFOLLOW));
	if (!f) {
		vfs_release_open(o);
		return -ENOMEM;
	}
	return uk_fd_install(f, 0, !!(flags & O_CLOEXEC));
}

struct uk_vfs_node *vfs_node_of_fd(int fd, int *err)
{
	struct uk_file *f = uk_fd_get(fd);
	struct uk_vfs_node *n;

	if (!f) {
		*err = -EBADF;
		return 0;
	}
	if (f->ops != &vfs_file_ops) {
		uk_file_put(f);
		*err = -ENOTDIR;
		return 0;
	}
	n = of(f)->node;
	uk_vfs_node_get(n);
	uk_file_put(f);
	return n;
}

int vfs_start(int dirfd, const char *path, struct uk_vfs_node **start)
{
	int err = 0;

	if (!path)
		return -EFAULT;
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*start = 0; /* the root or the working directory, chosen by vfs_resolve */
		return 0;
	}
	*start = vfs_node_of_fd(dirfd, &err);
	if (!*start)
		return err;
	if ((*start)->type != UK_VFS_IFDIR) {
		uk_vfs_node_put(*start);
		return -ENOTDIR;
	}
	return 0;
}

int vfs_lookup_at(int dirfd, const char *path, int flags, struct uk_vfs_node **out)
{
	struct uk_vfs_node *start;
	int r = vfs_start(dirfd, path, &start);

	if (r < 0)
		return r;
	r = vfs_resolve(start, path, flags, out);
	uk_vfs_node_put(start);
	return r;
}
