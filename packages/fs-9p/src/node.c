/*
 * Nodes and the directory operations: lookup walks one name, the others
 * are one request each on the directory's fid.
 */
#include <errno.h>
#include <stdlib.h>
#include "fs9p.h"

#define O_RDWR_ 02
#define O_CREAT_ 0100
#define O_EXCL_ 0200
#define AT_REMOVEDIR_ 0x200

static struct p9node *to_node(struct uk_vfs_node *n)
{
	return (struct p9node *)n;
}

static uint32_t type_of(const struct uk_9p_qid *q)
{
	if (q->type & UK_9P_QTDIR)
		return UK_VFS_IFDIR;
	if (q->type & UK_9P_QTSYMLINK)
		return UK_VFS_IFLNK;
	return UK_VFS_IFREG;
}

struct p9node *p9_node_new(struct p9fs *fs, uint32_t fid, const struct uk_9p_qid *qid)
{
	struct p9node *n = calloc(1, sizeof(*n));

	if (!n) {
		uk_9p_clunk(fs->dev, fid);
		return 0;
	}
	n->vn.ops = &p9_ops;
	n->vn.ino = qid->path;
	n->vn.type = type_of(qid);
	n->fs = fs;
	n->fid = fid;
	return n;
}

long p9_clone(struct uk_9p_dev *dev, uint32_t fid)
{
	long nf = uk_9p_fid_alloc(dev);
	int rc;

	if (nf < 0)
		return nf;
	rc = uk_9p_walk(dev, fid, (uint32_t)nf, 0, 0, 0, 0);
	if (rc < 0) {
		uk_9p_fid_free(dev, (uint32_t)nf);
		return rc;
	}
	return nf;
}

/* A new fid walked from dir to name, and the qid found; or -errno. */
static long walk_name(struct p9node *dir, const char *name, size_t len, struct uk_9p_qid *qid)
{
	struct uk_9p_dev *dev = dir->fs->dev;
	long nf = uk_9p_fid_alloc(dev);
	int rc;

	if (nf < 0)
		return nf;
	rc = uk_9p_walk(dev, dir->fid, (uint32_t)nf, 1, &name, &len, qid);
	if (rc != 1) {
		uk_9p_fid_free(dev, (uint32_t)nf);
		return rc < 0 ? rc : -ENOENT;
	}
	return nf;
}

static int p9_lookup(struct uk_vfs_node *dir, const char *name, size_t len, struct uk_vfs_node **out)
{
	struct p9node *d = to_node(dir), *n;
	struct uk_9p_qid qid;
	long fid = walk_name(d, name, len, &qid);

	if (fid < 0)
		return (int)fid;
	if (qid.path == d->fs->root->vn.ino) {
		uk_9p_clunk(d->fs->dev, (uint32_t)fid);
		uk_vfs_node_get(&d->fs->root->vn);
		*out = &d->fs->root->vn;
		return 0;
	}
	n = p9_node_new(d->fs, (uint32_t)fid, &qid);
	if (!n)
		return -ENOMEM;
	uk_vfs_node_get(&n->vn);
	*out = &n->vn;
	return 0;
}

static int p9_create(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode,
		     struct uk_vfs_node **out)
{
	struct p9node *d = to_node(dir), *n;
	struct uk_9p_dev *dev = d->fs->dev;
	struct uk_9p_qid qid;
	long open_fid = p9_clone(dev, d->fid), fid;
	int rc;

	if (open_fid < 0)
		return (int)open_fid;
	/* O_EXCL: the VFS asked for a new file; the server settles a race with EEXIST. */
	rc = uk_9p_lcreate(dev, (uint32_t)open_fid, name, len, O_RDWR_ | O_CREAT_ | O_EXCL_,
			   mode & 07777, 0, &qid, 0);
	if (rc) {
		uk_9p_clunk(dev, (uint32_t)open_fid);
		return rc;
	}
	fid = walk_name(d, name, len, &qid);
	if (fid < 0) {
		uk_9p_clunk(dev, (uint32_t)open_fid);
		return (int)fid;
	}
	n = p9_node_new(d->fs, (uint32_t)fid, &qid);
	if (!n) {
		uk_9p_clunk(dev, (uint32_t)open_fid);
		return -ENOMEM;
	}
	n->spare = (uint32_t)open_fid;
	n->has_spare = 1;
	uk_vfs_node_get(&n->vn);
	*out = &n->vn;
	return 0;
}

static int p9_mkdir(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode)
{
	struct p9node *d = to_node(dir);

	return uk_9p_mkdir(d->fs->dev, d->fid, name, len, mode & 07777, 0, 0);
}

static int p9_symlink(struct uk_vfs_node *dir, const char *name, size_t len, const char *target,
		      size_t target_len)
{
	struct p9node *d = to_node(dir);

	return uk_9p_symlink(d->fs->dev, d->fid, name, len, target, target_len, 0, 0);
}

static int p9_unlink(struct uk_vfs_node *dir, const char *name, size_t len)
{
	struct p9node *d = to_node(dir);

	return uk_9p_unlinkat(d->fs->dev, d->fid, name, len, 0);
}

static int p9_rmdir(struct uk_vfs_node *dir, const char *name, size_t len)
{
	struct p9node *d = to_node(dir);

	return uk_9p_unlinkat(d->fs->dev, d->fid, name, len, AT_REMOVEDIR_);
}

static int p9_rename(struct uk_vfs_node *olddir, const char *oldname, size_t oldlen,
		     struct uk_vfs_node *newdir, const char *newname, size_t newlen)
{
	struct p9node *o = to_node(olddir), *n = to_node(newdir);

	return uk_9p_renameat(o->fs->dev, o->fid, oldname, oldlen, n->fid, newname, newlen);
}

static int p9_getattr(struct uk_vfs_node *node, struct uk_vfs_attr *out)
{
	struct p9node *n = to_node(node);
	struct uk_9p_attr a;
	int rc = uk_9p_getattr(n->fs->dev, n->fid, UK_9P_GETATTR_BASIC, &a);

	if (rc)
		return rc;
	out->ino = node->ino;
	out->mode = a.mode;
	out->nlink = (uint32_t)a.nlink;
	out->uid = a.uid;
	out->gid = a.gid;
	out->size = a.size;
	out->blocks = a.blocks;
	out->blksize = a.blksize ? (uint32_t)a.blksize : 4096;
	out->atime_sec = (int64_t)a.atime_sec;
	out->atime_nsec = (uint32_t)a.atime_nsec;
	out->mtime_sec = (int64_t)a.mtime_sec;
	out->mtime_nsec = (uint32_t)a.mtime_nsec;
	out->ctime_sec = (int64_t)a.ctime_sec;
	out->ctime_nsec = (uint32_t)a.ctime_nsec;
	return 0;
}

static int p9_setattr(struct uk_vfs_node *node, const struct uk_vfs_setattr *set)
{
	struct p9node *n = to_node(node);
	struct uk_9p_setattr a = { 0 };

	/* A server may follow a link it is asked to change: links are never changed. */
	if (node->type == UK_VFS_IFLNK)
		return -EPERM;
	if (set->valid & UK_VFS_SET_MODE) {
		a.valid |= UK_9P_SETATTR_MODE;
		a.mode = set->mode & 07777;
	}
	if (set->valid & UK_VFS_SET_SIZE) {
		a.valid |= UK_9P_SETATTR_SIZE;
		a.size = set->size;
	}
	if (set->valid & UK_VFS_SET_ATIME) {
		a.valid |= UK_9P_SETATTR_ATIME | UK_9P_SETATTR_ATIME_SET;
		a.atime_sec = (uint64_t)set->atime_sec;
		a.atime_nsec = set->atime_nsec;
	}
	if (set->valid & UK_VFS_SET_MTIME) {
		a.valid |= UK_9P_SETATTR_MTIME | UK_9P_SETATTR_MTIME_SET;
		a.mtime_sec = (uint64_t)set->mtime_sec;
		a.mtime_nsec = set->mtime_nsec;
	}
	if (!a.valid)
		return 0;
	return uk_9p_setattr(n->fs->dev, n->fid, &a);
}

static int p9_readlink(struct uk_vfs_node *node, char *buf, size_t len)
{
	struct p9node *n = to_node(node);

	return (int)uk_9p_readlink(n->fs->dev, n->fid, buf, len);
}

static void p9_release(struct uk_vfs_node *node)
{
	struct p9node *n = to_node(node);

	if (n->has_spare)
		uk_9p_clunk(n->fs->dev, n->spare);
	uk_9p_clunk(n->fs->dev, n->fid);
	free(n);
}

int p9_open(struct uk_vfs_node *n, int flags, void **handle);
void p9_close(struct uk_vfs_node *n, void *handle);
int64_t p9_read(struct uk_vfs_node *n, void *handle, void *buf, size_t len, uint64_t off);
int64_t p9_write(struct uk_vfs_node *n, void *handle, const void *buf, size_t len, uint64_t off);
int p9_fsync(struct uk_vfs_node *n, void *handle, int datasync);
int p9_readdir(struct uk_vfs_node *dir, void *handle, uint64_t cookie, struct uk_vfs_dirent *out);

const struct uk_vfs_node_ops p9_ops = {
	.lookup = p9_lookup,
	.create = p9_create,
	.mkdir = p9_mkdir,
	.symlink = p9_symlink,
	.unlink = p9_unlink,
	.rmdir = p9_rmdir,
	.rename = p9_rename,
	.readdir = p9_readdir,
	.getattr = p9_getattr,
	.setattr = p9_setattr,
	.readlink = p9_readlink,
	.open = p9_open,
	.close = p9_close,
	.read = p9_read,
	.write = p9_write,
	.fsync = p9_fsync,
	.release = p9_release,
};
