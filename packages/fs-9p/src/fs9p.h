/*
 * Private to @uk/fs-9p: a 9P2000.L export as a VFS filesystem. Each node
 * holds a fid walked to its file (never opened, so it can be walked from
 * and asked for attributes); each open file holds a fid of its own, cloned
 * from the node's and opened. Names are walked one at a time from the
 * directory's fid, so the server never resolves a path, never follows a
 * symbolic link and never sees ".." from a mount's root (the VFS answers
 * that itself): the host is never reached outside the shared directory
 * through this driver.
 */
#ifndef UK_FS_9P_H
#define UK_FS_9P_H

#include <stddef.h>
#include <stdint.h>
#include <uk/9p.h>
#include <uk/vfs_driver.h>

struct p9node;

struct p9fs {
	struct uk_9p_dev *dev;
	unsigned flags; /* UK_VFS_MOUNT_* */
	/*
	 * The mount's root: a lookup that lands on it (".." from a top-level
	 * directory) hands out this very node, which is how the VFS knows a
	 * mount's root and answers ".." there itself.
	 */
	struct p9node *root;
};

struct p9node {
	struct uk_vfs_node vn;
	struct p9fs *fs;
	uint32_t fid;
	/* A fid opened read-write by create, kept for the open that follows it. */
	uint32_t spare;
	int has_spare;
};

/* Per open file. Directories keep the last Rreaddir buffer to hand out entries from. */
struct p9open {
	uint32_t fid;
	int dir;
	uint64_t buf_next; /* cookie of the entry at buf[pos] */
	size_t pos, len;
	char buf[];
};

extern const struct uk_vfs_node_ops p9_ops;

/* A node for a fid just walked to qid; NULL (and the fid clunked) when out of memory. */
struct p9node *p9_node_new(struct p9fs *fs, uint32_t fid, const struct uk_9p_qid *qid);
/* A new fid, walked from fid to the same file (a clone), or -errno. */
long p9_clone(struct uk_9p_dev *dev, uint32_t fid);

#endif
