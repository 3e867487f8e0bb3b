/*
 * ramfs directories: entries in creation order (readdir walks them by
 * sequence number, so removing an entry never makes a reader skip or
 * repeat another) and in a hash table sized to the entry count (lookup in
 * constant time for directories of 10,000 files).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ramfs.h"

static uint32_t hash_name(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct ramfs_entry *find(struct ramfs_node *d, const char *name, size_t len,
				uint32_t h)
{
	struct ramfs_entry *e;

	if (!d->u.d.nbuckets)
		return 0;
	for (e = d->u.d.buckets[h & (d->u.d.nbuckets - 1)]; e; e = e->chain)
		if (e->hash == h && e->len == len && !memcmp(e->name, name, len))
			return e;
	return 0;
}

static void rehash(struct ramfs_node *d)
{
	uint32_t n = d->u.d.nbuckets ? d->u.d.nbuckets * 2 : 8;
	struct ramfs_entry **b = calloc(n, sizeof(*b));

	if (!b)
		return; /* keep the old table: longer chains, still correct */
	for (struct ramfs_entry *e = d->u.d.head; e; e = e->next) {
		e->chain = b[e->hash & (n - 1)];
		b[e->hash & (n - 1)] = e;
	}
	free(d->u.d.buckets);
	d->u.d.buckets = b;
	d->u.d.nbuckets = n;
}

static int add(struct ramfs_node *d, const char *name, size_t len, struct ramfs_node *n)
{
	struct ramfs_entry *e;
	uint32_t h = hash_name(name, len);

	if (ramfs_charge(d->fs, sizeof(*e) + len) < 0)
		return -ENOSPC;
	e = malloc(sizeof(*e) + len + 1);
	if (!e) {
		ramfs_uncharge(d->fs, sizeof(*e) + len);
		return -ENOSPC;
	}
	memcpy(e->name, name, len);
	e->name[len] = 0;
	e->len = (uint16_t)len;
	e->hash = h;
	e->node = n;
	e->seq = d->u.d.next_seq++;
	if (d->u.d.count + 1 > d->u.d.nbuckets)
		rehash(d); /* before e joins the list, which rehash walks */
	e->next = 0;
	e->prev = d->u.d.tail;
	if (d->u.d.tail)
		d->u.d.tail->next = e;
	else
		d->u.d.head = e;
	d->u.d.tail = e;
	if (d->u.d.nbuckets) {
		e->chain = d->u.d.buckets[h & (d->u.d.nbuckets - 1)];
		d->u.d.buckets[h & (d->u.d.nbuckets - 1)] = e;
	}
	d->u.d.count++;
	if (n->vn.type == UK_VFS_IFDIR) {
		d->nlink++;
		n->u.d.parent = d;
	}
	ramfs_touch(d, RAMFS_T_M | RAMFS_T_C);
	return 0;
}

/* Unhook e from d; the node keeps living while referenced. */
static void drop(struct ramfs_node *d, struct ramfs_entry *e)
{
	struct ramfs_entry **p = &d->u.d.buckets[e->hash & (d->u.d.nbuckets - 1)];

	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	if (e->prev)
		e->prev->next = e->next;
	else
		d->u.d.head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		d->u.d.tail = e->prev;
	d->u.d.count--;
	d->u.d.gen++;
	if (e->node->vn.type == UK_VFS_IFDIR)
		d->nlink--;
	ramfs_uncharge(d->fs, sizeof(*e) + e->len);
	free(e);
	ramfs_touch(d, RAMFS_T_M | RAMFS_T_C);
}

/* The node lost its name: gone once the VFS holds no reference either. */
static void unlinked(struct ramfs_node *n)
{
	n->nlink = 0;
	ramfs_touch(n, RAMFS_T_C);
	if (!__atomic_load_n(&n->vn.refs, __ATOMIC_ACQUIRE))
		ramfs_node_free(n);
}

int ramfs_lookup(struct uk_vfs_node *dir, const char *name, size_t len, struct uk_vfs_node **out)
{
	struct ramfs_node *d = ramfs_of(dir);
	struct ramfs_entry *e;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		struct ramfs_node *p = d->u.d.parent ? d->u.d.parent : d;

		uk_vfs_node_get(&p->vn);
		*out = &p->vn;
		return 0;
	}
	e = find(d, name, len, hash_name(name, len));
	if (!e)
		return -ENOENT;
	uk_vfs_node_get(&e->node->vn);
	*out = &e->node->vn;
	return 0;
}

static int make(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode,
		struct ramfs_node **out)
{
	struct ramfs_node *d = ramfs_of(dir);
	struct ramfs_node *n;
	int r;

	if (!d->nlink)
		return -ENOENT; /* a removed directory takes no new entries */
	if (find(d, name, len, hash_name(name, len)))
		return -EEXIST;
	n = ramfs_node_new(d->fs, mode);
	if (!n)
		return -ENOSPC;
	r = add(d, name, len, n);
	if (r < 0) {
		n->nlink = 0;
		ramfs_node_free(n);
		return r;
	}
	*out = n;
	return 0;
}

int ramfs_create(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode,
		 struct uk_vfs_node **out)
{
	struct ramfs_node *n;
	int r = make(dir, name, len, UK_VFS_IFREG | (mode & 07777), &n);

	if (r < 0)
		return r;
	uk_vfs_node_get(&n->vn);
	*out = &n->vn;
	return 0;
}

int ramfs_mkdir(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode)
{
	struct ramfs_node *n;

	return make(dir, name, len, UK_VFS_IFDIR | (mode & 07777), &n);
}

int ramfs_symlink(struct uk_vfs_node *dir, const char *name, size_t len, const char *target,
		  size_t target_len)
{
	struct ramfs_node *d = ramfs_of(dir), *n;
	char *t;
	int r;

	if (ramfs_charge(d->fs, target_len) < 0)
		return -ENOSPC;
	t = malloc(target_len + 1);
	if (!t) {
		ramfs_uncharge(d->fs, target_len);
		return -ENOSPC;
	}
	memcpy(t, target, target_len);
	t[target_len] = 0;
	r = make(dir, name, len, UK_VFS_IFLNK | 0777, &n);
	if (r < 0) {
		ramfs_uncharge(d->fs, target_len);
		free(t);
		return r;
	}
	n->u.l.target = t;
	n->u.l.len = target_len;
	return 0;
}

int ramfs_unlink(struct uk_vfs_node *dir, const char *name, size_t len)
{
	struct ramfs_node *d = ramfs_of(dir), *n;
	struct ramfs_entry *e = find(d, name, len, hash_name(name, len));

	if (!e)
		return -ENOENT;
	n = e->node;
	if (n->vn.type == UK_VFS_IFDIR)
		return -EISDIR;
	drop(d, e);
	unlinked(n);
	return 0;
}

int ramfs_rmdir(struct uk_vfs_node *dir, const char *name, size_t len)
{
	struct ramfs_node *d = ramfs_of(dir), *n;
	struct ramfs_entry *e = find(d, name, len, hash_name(name, len));

	if (!e)
		return -ENOENT;
	n = e->node;
	if (n->vn.type != UK_VFS_IFDIR)
		return -ENOTDIR;
	if (n->u.d.count)
		return -ENOTEMPTY;
	drop(d, e);
	unlinked(n);
	return 0;
}

/* Is a an ancestor of (or the same as) b? */
static int ancestor(struct ramfs_node *a, struct ramfs_node *b)
{
	for (; b; b = b->u.d.parent == b ? 0 : b->u.d.parent)
		if (a == b)
			return 1;
	return 0;
}

int ramfs_rename(struct uk_vfs_node *od, const char *on, size_t ol, struct uk_vfs_node *nd,
		 const char *nn, size_t nl)
{
	struct ramfs_node *from = ramfs_of(od), *to = ramfs_of(nd), *n, *victim = 0;
	struct ramfs_entry *e = find(from, on, ol, hash_name(on, ol));
	struct ramfs_entry *t;
	int r;

	if (!e)
		return -ENOENT;
	n = e->node;
	t = find(to, nn, nl, hash_name(nn, nl));
	if (t && t->node == n)
		return 0; /* same file: POSIX says do nothing */
	if (n->vn.type == UK_VFS_IFDIR && ancestor(n, to))
		return -EINVAL;
	if (t) {
		victim = t->node;
		if (n->vn.type == UK_VFS_IFDIR && victim->vn.type != UK_VFS_IFDIR)
			return -ENOTDIR;
		if (n->vn.type != UK_VFS_IFDIR && victim->vn.type == UK_VFS_IFDIR)
			return -EISDIR;
		if (victim->vn.type == UK_VFS_IFDIR && victim->u.d.count)
			return -ENOTEMPTY;
	}
	if (!to->nlink)
		return -ENOENT;
	/* Add the new name first: if that fails nothing has changed. */
	if (t)
		drop(to, t);
	r = add(to, nn, nl, n);
	if (r < 0) {
		if (victim)
			add(to, nn, nl, victim); /* space was just freed by drop */
		return r;
	}
	drop(from, e);
	if (n->vn.type == UK_VFS_IFDIR)
		n->u.d.parent = to;
	ramfs_touch(n, RAMFS_T_C);
	if (victim)
		unlinked(victim);
	return 0;
}

/*
 * An open directory remembers the entry it returns next, valid while no
 * entry was removed (gen): listing a large directory costs one step per
 * entry, not a walk from the head each time.
 */
struct cursor {
	struct ramfs_entry *next;
	uint64_t gen;
};

int ramfs_open(struct uk_vfs_node *vn, int flags, void **handle)
{
	(void)flags;
	*handle = 0;
	if (vn->type == UK_VFS_IFDIR) {
		*handle = calloc(1, sizeof(struct cursor));
		if (!*handle)
			return -ENOMEM;
	}
	return 0;
}

void ramfs_close(struct uk_vfs_node *vn, void *handle)
{
	(void)vn;
	free(handle);
}

int ramfs_readdir(struct uk_vfs_node *dir, void *h, uint64_t cookie, struct uk_vfs_dirent *out)
{
	struct ramfs_node *d = ramfs_of(dir);
	struct cursor *c = h;
	struct ramfs_entry *e;
	struct ramfs_node *n;
	if (cookie < 2) {
		n = cookie ? (d->u.d.parent ? d->u.d.parent : d) : d;
		out->ino = n->vn.ino;
		out->next = cookie + 1;
		out->type = 4; /* DT_DIR */
		out->namelen = (uint16_t)(cookie + 1);
		memcpy(out->name, "..", cookie + 1);
		out->name[cookie + 1] = 0;
		return 1;
	}
	if (c && c->next && c->gen == d->u.d.gen && c->next->seq == cookie)
		e = c->next;
	else
		for (e = d->u.d.head; e && e->seq < cookie; e = e->next)
			;
	if (c) {
		c->next = e ? e->next : 0;
		c->gen = d->u.d.gen;
	}
	if (!e)
		return 0;
	n = e->node;
	out->ino = n->vn.ino;
	out->next = e->seq + 1;
	out->type = n->vn.type == UK_VFS_IFDIR ? 4 : n->vn.type == UK_VFS_IFLNK ? 10 : 8;
	out->namelen = e->len;
	memcpy(out->name, e->name, e->len + 1u);
	return 1;
}

void ramfs_dir_free(struct ramfs_node *n)
{
	struct ramfs_entry *e = n->u.d.head, *next;

	for (; e; e = next) {
		next = e->next;
		ramfs_uncharge(n->fs, sizeof(*e) + e->len);
		free(e);
	}
	free(n->u.d.buckets);
	n->u.d.buckets = 0;
	n->u.d.head = n->u.d.tail = 0;
}
