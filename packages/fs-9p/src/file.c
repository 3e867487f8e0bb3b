/*
 * Open files: each has its own opened fid. Reads and writes are cut into
 * messages of the largest size the session allows, several in flight at
 * once (uk_9p_read_range); directory entries are read a buffer at a time
 * and handed out one by one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs9p.h"

#define O_ACCMODE_ 03
#define O_RDWR_ 02
#define O_DIRECTORY_ 0200000
#define O_NOFOLLOW_ 0400000
#define DIRBUF 8192

static struct p9node *to_node(struct uk_vfs_node *n)
{
	return (struct p9node *)n;
}

int p9_open(struct uk_vfs_node *node, int flags, void **handle)
{
	struct p9node *n = to_node(node);
	struct uk_9p_dev *dev = n->fs->dev;
	int dir = node->type == UK_VFS_IFDIR;
	struct p9open *h = malloc(sizeof(*h) + (dir ? DIRBUF : 0));
	uint32_t oflags = dir ? O_DIRECTORY_ : (uint32_t)(flags & O_ACCMODE_) | O_NOFOLLOW_;
	long fid;
	int rc;

	if (!h)
		return -ENOMEM;
	if (n->has_spare && !dir && (flags & O_ACCMODE_) != 0) {
		/* The file create just made, already open read-write. */
		n->has_spare = 0;
		fid = n->spare;
	} else {
		fid = p9_clone(dev, n->fid);
		if (fid < 0) {
			free(h);
			return (int)fid;
		}
		rc = uk_9p_lopen(dev, (uint32_t)fid, oflags, 0, 0);
		if (rc) {
			uk_9p_clunk(dev, (uint32_t)fid);
			free(h);
			return rc;
		}
	}
	h->fid = (uint32_t)fid;
	h->dir = dir;
	h->buf_next = 0;
	h->pos = h->len = 0;
	*handle = h;
	return 0;
}

void p9_close(struct uk_vfs_node *node, void *handle)
{
	struct p9open *h = handle;

	uk_9p_clunk(to_node(node)->fs->dev, h->fid);
	free(h);
}

int64_t p9_read(struct uk_vfs_node *node, void *handle, void *buf, size_t len, uint64_t off)
{
	struct p9open *h = handle;

	return uk_9p_read_range(to_node(node)->fs->dev, h->fid, off, buf, len);
}

int64_t p9_write(struct uk_vfs_node *node, void *handle, const void *buf, size_t len, uint64_t off)
{
	struct p9open *h = handle;
	long n;

	if (!len)
		return 0;
	n = uk_9p_write_range(to_node(node)->fs->dev, h->fid, off, buf, len);
	return n == 0 ? -EIO : n;
}

int p9_fsync(struct uk_vfs_node *node, void *handle, int datasync)
{
	struct p9open *h = handle;

	return uk_9p_fsync(to_node(node)->fs->dev, h->fid, datasync);
}

int p9_readdir(struct uk_vfs_node *dir, void *handle, uint64_t cookie, struct uk_vfs_dirent *out)
{
	struct uk_9p_dev *dev = to_node(dir)->fs->dev;
	struct p9open *h = handle;
	struct uk_9p_dirent e;
	int rc;

	if (!h || !h->dir)
		return -EBADF;
	if (cookie != h->buf_next || h->pos >= h->len) {
		/* Not where the buffer left off, or it is used up: ask from cookie on. */
		long n = uk_9p_readdir(dev, h->fid, cookie, h->buf, DIRBUF);

		if (n < 0)
			return (int)n;
		h->len = (size_t)n;
		h->pos = 0;
		h->buf_next = cookie;
		if (!n)
			return 0;
	}
	rc = uk_9p_dirent_next(h->buf, h->len, &h->pos, &e);
	if (rc <= 0)
		return rc < 0 ? rc : 0;
	if (e.name_len > UK_VFS_NAME_MAX)
		return -ENAMETOOLONG;
	out->ino = e.qid.path;
	out->next = e.offset;
	out->type = e.type;
	out->namelen = e.name_len;
	memcpy(out->name, e.name, e.name_len);
	out->name[e.name_len] = '\0';
	h->buf_next = e.offset;
	return 1;
}
