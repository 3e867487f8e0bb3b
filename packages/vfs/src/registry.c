/*
 * Filesystem types registered by drivers at boot, and the reference count
 * of nodes. Registration happens on one CPU before threads exist, so the
 * list needs no lock; references are taken and dropped by threads that may
 * block in a driver in between, so they are atomic.
 */
#include <errno.h>
#include <string.h>

#include "vfs.h"

static struct uk_vfs_fstype *types;

int uk_vfs_fstype_register(struct uk_vfs_fstype *type, int is_default)
{
	struct uk_vfs_fstype **link = &types;

	if (!type || !type->name || !type->mount)
		return -EINVAL;
	for (; *link; link = &(*link)->next) {
		if (*link == type)
			return 0;
		if (!strcmp((*link)->name, type->name))
			return -EEXIST;
	}
	type->next = 0;
	type->is_default = is_default;
	*link = type;
	return 0;
}

struct uk_vfs_fstype *vfs_fstype_find(const char *name, size_t len)
{
	struct uk_vfs_fstype *t;

	for (t = types; t; t = t->next)
		if (strlen(t->name) == len && !memcmp(t->name, name, len))
			return t;
	return 0;
}

/* The build's default driver, else the only one. */
struct uk_vfs_fstype *vfs_fstype_default(void)
{
	struct uk_vfs_fstype *t;

	for (t = types; t; t = t->next)
		if (t->is_default)
			return t;
	return types && !types->next ? types : 0;
}

void uk_vfs_node_get(struct uk_vfs_node *n)
{
	__atomic_add_fetch(&n->refs, 1, __ATOMIC_RELAXED);
}

void uk_vfs_node_put(struct uk_vfs_node *n)
{
	if (!n)
		return;
	if (__atomic_sub_fetch(&n->refs, 1, __ATOMIC_ACQ_REL) == 0 && n->ops->release)
		n->ops->release(n);
}

unsigned uk_vfs_mount_flags(const struct uk_vfs_mount *m)
{
	return m ? m->flags : 0;
}
