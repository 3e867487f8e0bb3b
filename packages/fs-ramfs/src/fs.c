/*
 * The "ramfs" filesystem type: each mount is a fresh, empty filesystem in
 * memory, limited to what its source says ("64k", "16m", "1g": bytes it
 * may hold) or else to the max_kib option (0: as much as the allocator
 * gives).
 */
#include <errno.h>
#include <stdlib.h>
#include <uk/init.h>

#include "ramfs.h"

#ifndef CONFIG_UK_FS_RAMFS_MAX_KIB
#define CONFIG_UK_FS_RAMFS_MAX_KIB 0
#endif

/* "" (the option), or a size: digits and an optional k, m or g. */
static int parse_limit(const char *s, uint64_t *out)
{
	uint64_t n = 0;

	if (!*s) {
		*out = (uint64_t)CONFIG_UK_FS_RAMFS_MAX_KIB * 1024u;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -EINVAL;
	while (*s >= '0' && *s <= '9') {
		if (n > (UINT64_MAX >> 31))
			return -EINVAL;
		n = n * 10 + (uint64_t)(*s++ - '0');
	}
	switch (*s) {
	case 'g': case 'G': n <<= 10; /* fall through */
	case 'm': case 'M': n <<= 10; /* fall through */
	case 'k': case 'K': n <<= 10; s++; break;
	}
	if (*s || !n)
		return -EINVAL;
	*out = n;
	return 0;
}

static int ramfs_mount(const char *source, unsigned flags, struct uk_vfs_node **root)
{
	struct ramfs *fs = calloc(1, sizeof(*fs));
	struct ramfs_node *n;
	int r;

	if (!fs)
		return -ENOMEM;
	r = parse_limit(source, &fs->limit);
	if (r < 0) {
		free(fs);
		return r;
	}
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
