/*
 * The "ramfs" filesystem type: each mount is a fresh, empty filesystem in
 * memory, limited to the max_kib option (0: as much as the allocator
 * gives). The source is ignored.
 */
#include <errno.h>
#include <stdlib.h>
#include <uk/init.h>

#include "ramfs.h"

#ifndef CONFIG_UK_FS_RAMFS_MAX_KIB
#define CONFIG_UK_FS_RAMFS_MAX_KIB 0
#endif

static int ramfs_mount(const char *source, unsigned flags, struct uk_vfs_node **root)
{
	struct ramfs *fs = calloc(1, sizeof(*fs));
	struct ramfs_node *n;

	(void)source;
	if (!fs)
		return -ENOMEM;
	fs->limit = (uint64_t)CONFIG_UK_FS_RAMFS_MAX_KIB * 1024u;
	fs->flags = flags;
	n = ramfs_node_new(fs, UK_VFS_IFDIR | 0755);
	if (!n) {
		free(fs);
		return -ENOMEM;
	}
	uk_vfs_node_get(&n->vn);
	*root = &n->vn;
	return 0;
}

static struct uk_vfs_fstype ramfs_type = {
	.name = "ramfs",
	.mount = ramfs_mount,
};

UK_VFS_FSTYPE(ramfs_type);
