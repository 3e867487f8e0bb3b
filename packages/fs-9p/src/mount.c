/*
 * The "9p" filesystem type: the source is a 9P device's mount tag (uk-vol0
 * for the first `uk run -v`). A mount agrees on the protocol with the
 * server (once per device), attaches to the device's export and hands the
 * VFS its root.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/init.h>
#include <uk/plat.h>
#include "fs9p.h"

static void say(const char *s)
{
	uk_plat_console_write(s, strlen(s));
}

static int p9_mount(const char *source, unsigned flags, struct uk_vfs_node **root)
{
	struct uk_9p_dev *dev = uk_9p_dev_find(source, strlen(source));
	struct uk_9p_qid qid;
	struct p9fs *fs;
	struct p9node *n;
	const char *aname;
	long rc, fid;

	if (!dev) {
		say("[fs-9p] no 9P device with mount tag ");
		say(source);
		say(" (uk run -v HOST_DIR:GUEST_PATH shares one)\n");
		return -ENOENT;
	}
	rc = uk_9p_version(dev, 0);
	if (rc < 0)
		return (int)rc;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->dev = dev;
	fs->flags = flags;
	fid = uk_9p_fid_alloc(dev);
	if (fid < 0) {
		free(fs);
		return (int)fid;
	}
	aname = uk_9p_dev_aname(dev);
	rc = uk_9p_attach(dev, (uint32_t)fid, "root", 4, aname, strlen(aname), 0, &qid);
	if (rc) {
		uk_9p_fid_free(dev, (uint32_t)fid);
		free(fs);
		say("[fs-9p] the 9P server of ");
		say(source);
		say(" refused the attach\n");
		return (int)rc;
	}
	if (!(qid.type & UK_9P_QTDIR)) {
		uk_9p_clunk(dev, (uint32_t)fid);
		free(fs);
		return -ENOTDIR;
	}
	n = p9_node_new(fs, (uint32_t)fid, &qid);
	if (!n) {
		free(fs);
		return -ENOMEM;
	}
	fs->root = n;
	uk_vfs_node_get(&n->vn);
	*root = &n->vn;
	return 0;
}

static struct uk_vfs_fstype p9_type = {
	.name = "9p",
	.mount = p9_mount,
};

UK_VFS_FSTYPE(p9_type);
