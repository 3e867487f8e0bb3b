/*
 * File data in 4 KiB blocks: a table of block pointers, grown by doubling;
 * a NULL slot is a hole that reads as zeros. Blocks are charged to the
 * filesystem's limit when allocated; running out (the limit, or the
 * allocator) is ENOSPC, as on tmpfs, with whatever was written before it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ramfs.h"

static int grow_table(struct ramfs_node *n, uint64_t need)
{
	uint64_t cap = n->u.f.nblocks ? n->u.f.nblocks : 4;
	char **t;

	while (cap < need)
		cap *= 2;
	if (cap == n->u.f.nblocks)
		return 0;
	t = realloc(n->u.f.blocks, cap * sizeof(*t));
	if (!t)
		return -ENOSPC;
	memset(t + n->u.f.nblocks, 0, (cap - n->u.f.nblocks) * sizeof(*t));
	n->u.f.blocks = t;
	n->u.f.nblocks = cap;
	return 0;
}

static char *block_for_write(struct ramfs_node *n, uint64_t i)
{
	char *b;

	if (i >= n->u.f.nblocks && grow_table(n, i + 1) < 0)
		return 0;
	b = n->u.f.blocks[i];
	if (b)
		return b;
	if (ramfs_charge(n->fs, RAMFS_BLOCK) < 0)
		return 0;
	b = malloc(RAMFS_BLOCK);
	if (!b) {
		ramfs_uncharge(n->fs, RAMFS_BLOCK);
		return 0;
	}
	memset(b, 0, RAMFS_BLOCK);
	n->u.f.blocks[i] = b;
	n->u.f.allocated++;
	return b;
}

int64_t ramfs_read(struct uk_vfs_node *vn, void *h, void *buf, size_t len, uint64_t off)
{
	struct ramfs_node *n = ramfs_of(vn);
	char *out = buf;
	size_t done = 0;

	(void)h;
	if (vn->type != UK_VFS_IFREG)
		return vn->type == UK_VFS_IFDIR ? -EISDIR : -EINVAL;
	if (off >= n->u.f.size)
		return 0;
	if (len > n->u.f.size - off)
		len = (size_t)(n->u.f.size - off);
	while (done < len) {
		uint64_t i = (off + done) / RAMFS_BLOCK;
		size_t in = (size_t)((off + done) % RAMFS_BLOCK);
		size_t k = RAMFS_BLOCK - in < len - done ? RAMFS_BLOCK - in : len - done;
		char *b = i < n->u.f.nblocks ? n->u.f.blocks[i] : 0;

		if (b)
			memcpy(out + done, b + in, k);
		else
			memset(out + done, 0, k);
		done += k;
	}
	ramfs_touch(n, RAMFS_T_A);
	return (int64_t)done;
}

int64_t ramfs_write(struct uk_vfs_node *vn, void *h, const void *buf, size_t len, uint64_t off)
{
	struct ramfs_node *n = ramfs_of(vn);
	const char *in = buf;
	size_t done = 0;

	(void)h;
	if (vn->type != UK_VFS_IFREG)
		return vn->type == UK_VFS_IFDIR ? -EISDIR : -EINVAL;
	if (off + len < off || off + len > (uint64_t)INT64_MAX)
		return -EFBIG;
	while (done < len) {
		uint64_t i = (off + done) / RAMFS_BLOCK;
		size_t at = (size_t)((off + done) % RAMFS_BLOCK);
		size_t k = RAMFS_BLOCK - at < len - done ? RAMFS_BLOCK - at : len - done;
		char *b = block_for_write(n, i);

		if (!b)
			break;
		memcpy(b + at, in + done, k);
		done += k;
	}
	if (off + done > n->u.f.size)
		n->u.f.size = off + done;
	if (done)
		ramfs_touch(n, RAMFS_T_M | RAMFS_T_C);
	if (!done && len)
		return -ENOSPC;
	return (int64_t)done;
}

int ramfs_truncate(struct ramfs_node *n, uint64_t size)
{
	uint64_t keep = (size + RAMFS_BLOCK - 1) / RAMFS_BLOCK;

	if (size > (uint64_t)INT64_MAX)
		return -EFBIG;
	for (uint64_t i = keep; i < n->u.f.nblocks; i++) {
		if (n->u.f.blocks[i]) {
			free(n->u.f.blocks[i]);
			n->u.f.blocks[i] = 0;
			n->u.f.allocated--;
			ramfs_uncharge(n->fs, RAMFS_BLOCK);
		}
	}
	/* Bytes past the new end in the last block must read as zeros later. */
	if (size % RAMFS_BLOCK && keep - 1 < n->u.f.nblocks && n->u.f.blocks[keep - 1])
		memset(n->u.f.blocks[keep - 1] + size % RAMFS_BLOCK, 0,
		       RAMFS_BLOCK - size % RAMFS_BLOCK);
	n->u.f.size = size;
	return 0;
}

void ramfs_data_free(struct ramfs_node *n)
{
	ramfs_truncate(n, 0);
	free(n->u.f.blocks);
	n->u.f.blocks = 0;
	n->u.f.nblocks = 0;
}
