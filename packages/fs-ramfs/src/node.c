/* ramfs nodes: creation, attributes, the space they are charged, release. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/plat.h>

#include "ramfs.h"

const struct uk_vfs_node_ops ramfs_ops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.symlink = ramfs_symlink,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.readdir = ramfs_readdir,
	.getattr = ramfs_getattr,
	.setattr = ramfs_setattr,
	.readlink = ramfs_readlink,
	.open = ramfs_open,
	.close = ramfs_close,
	.read = ramfs_read,
	.write = ramfs_write,
	.release = ramfs_release,
};

int ramfs_charge(struct ramfs *fs, uint64_t bytes)
{
	if (fs->limit && fs->used + bytes > fs->limit)
		return -ENOSPC;
	fs->used += bytes;
	return 0;
}

void ramfs_uncharge(struct ramfs *fs, uint64_t bytes)
{
	fs->used -= bytes < fs->used ? bytes : fs->used;
}

void ramfs_touch(struct ramfs_node *n, int what)
{
	uint64_t ns = uk_plat_wall_ns();
	int64_t sec = (int64_t)(ns / 1000000000u);
	uint32_t nsec = (uint32_t)(ns % 1000000000u);

	if (what & RAMFS_T_A) {
		n->atime_sec = sec;
		n->atime_nsec = nsec;
	}
	if (what & RAMFS_T_M) {
		n->mtime_sec = sec;
		n->mtime_nsec = nsec;
	}
	if (what & RAMFS_T_C) {
		n->ctime_sec = sec;
		n->ctime_nsec = nsec;
	}
}

struct ramfs_node *ramfs_node_new(struct ramfs *fs, uint32_t mode)
{
	struct ramfs_node *n;

	if (ramfs_charge(fs, sizeof(*n)) < 0)
		return 0;
	n = calloc(1, sizeof(*n));
	if (!n) {
		ramfs_uncharge(fs, sizeof(*n));
		return 0;
	}
	n->vn.ops = &ramfs_ops;
	n->vn.ino = ++fs->next_ino;
	n->vn.type = mode & UK_VFS_IFMT;
	n->fs = fs;
	n->mode = mode;
	n->nlink = n->vn.type == UK_VFS_IFDIR ? 2 : 1;
	if (n->vn.type == UK_VFS_IFDIR)
		n->u.d.next_seq = 2; /* 0 and 1 are "." and ".." */
	ramfs_touch(n, RAMFS_T_A | RAMFS_T_M | RAMFS_T_C);
	return n;
}

void ramfs_node_free(struct ramfs_node *n)
{
	switch (n->vn.type) {
	case UK_VFS_IFREG:
		ramfs_data_free(n);
		break;
	case UK_VFS_IFDIR:
		ramfs_dir_free(n);
		break;
	case UK_VFS_IFLNK:
		ramfs_uncharge(n->fs, n->u.l.len);
		free(n->u.l.target);
		break;
	}
	ramfs_uncharge(n->fs, sizeof(*n));
	free(n);
}

/* The VFS let go: free the node once no directory holds it either. */
void ramfs_release(struct uk_vfs_node *vn)
{
	struct ramfs_node *n = ramfs_of(vn);

	if (!n->nlink)
		ramfs_node_free(n);
}

int ramfs_getattr(struct uk_vfs_node *vn, struct uk_vfs_attr *a)
{
	struct ramfs_node *n = ramfs_of(vn);

	a->ino = vn->ino;
	a->mode = n->mode;
	a->nlink = n->nlink;
	a->uid = n->uid;
	a->gid = n->gid;
	switch (vn->type) {
	case UK_VFS_IFREG:
		a->size = n->u.f.size;
		a->blocks = n->u.f.allocated * (RAMFS_BLOCK / 512);
		break;
	case UK_VFS_IFLNK:
		a->size = n->u.l.len;
		break;
	default:
		a->size = RAMFS_BLOCK; /* as tmpfs reports some size for a directory */
		a->blocks = 0;
	}
	a->blksize = RAMFS_BLOCK;
	a->atime_sec = n->atime_sec;
	a->atime_nsec = n->atime_nsec;
	a->mtime_sec = n->mtime_sec;
	a->mtime_nsec = n->mtime_nsec;
	a->ctime_sec = n->ctime_sec;
	a->ctime_nsec = n->ctime_nsec;
	return 0;
}

int ramfs_setattr(struct uk_vfs_node *vn, const struct uk_vfs_setattr *s)
{
	struct ramfs_node *n = ramfs_of(vn);
	int r;

	if (s->valid & UK_VFS_SET_SIZE) {
		if (vn->type == UK_VFS_IFDIR)
			return -EISDIR;
		if (vn->type != UK_VFS_IFREG)
			return -EINVAL;
		r = ramfs_truncate(n, s->size);
		if (r < 0)
			return r;
		ramfs_touch(n, RAMFS_T_M | RAMFS_T_C);
	}
	if (s->valid & UK_VFS_SET_MODE) {
		n->mode = (n->mode & UK_VFS_IFMT) | (s->mode & 07777);
		ramfs_touch(n, RAMFS_T_C);
	}
	if (s->valid & UK_VFS_SET_ATIME) {
		n->atime_sec = s->atime_sec;
		n->atime_nsec = s->atime_nsec;
	}
	if (s->valid & UK_VFS_SET_MTIME) {
		n->mtime_sec = s->mtime_sec;
		n->mtime_nsec = s->mtime_nsec;
	}
	return 0;
}

int ramfs_readlink(struct uk_vfs_node *vn, char *buf, size_t len)
{
	struct ramfs_node *n = ramfs_of(vn);
	size_t k = n->u.l.len < len ? n->u.l.len : len;

	if (vn->type != UK_VFS_IFLNK)
		return -EINVAL;
	memcpy(buf, n->u.l.target, k);
	return (int)k;
}
