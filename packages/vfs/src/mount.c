/*
 * The mount table. "/" is mounted first (at UK_INIT_FS, see boot.c); every
 * other mount hides a directory of an existing one. A mount point is found
 * by (mount, inode number) of the directory it hides, so drivers that hand
 * out a fresh node per lookup (9P) need not keep nodes alive.
 *
 * Boot mounts below "/" are lazy: boot checks the specification and finds
 * the driver; the first path the program resolves creates the mount
 * points (pending, below); the driver mounts on the first lookup that
 * crosses one. A 9P volume the program never touches thus costs boot no
 * request at all (its version and attach were most of what a volume added
 * to boot), and boot runs none of the lookups and mkdirs that make a mount
 * point (0.5 ms under TCG, nearly all of it translating code run once).
 * Mounts asked for at run time (uk_vfs_mount) are made at once: the caller
 * wants the error now.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/vfs.h>

#include "say.h"
#include "vfs.h"

/* Weak: without a scheduler in the image no other thread can be making a mount. */
extern void uk_thread_yield(void) __attribute__((weak));

struct uk_vfs_node *vfs_root;
struct uk_vfs_node *vfs_cwd;
static struct uk_vfs_mount *mounts;

struct uk_vfs_mount *vfs_mount_on(const struct uk_vfs_node *n)
{
	struct uk_vfs_mount *m;

	if (n->type != UK_VFS_IFDIR)
		return 0;
	for (m = mounts; m; m = m->next)
		if (m->covered && m->parent == n->mount && m->covered->ino == n->ino)
			return m;
	return 0;
}

int vfs_is_rdonly(const struct uk_vfs_node *n)
{
	return n->mount && (n->mount->flags & UK_VFS_MOUNT_RDONLY);
}

static int mount_type(struct uk_vfs_fstype *t, const char *source, unsigned flags,
		      struct uk_vfs_mount **out)
{
	struct uk_vfs_mount *m = calloc(1, sizeof(*m));
	struct uk_vfs_node *root = 0;
	int r;

	if (!m)
		return -ENOMEM;
	r = t->mount(source ? source : "", flags, &root);
	if (r < 0 || !root) {
		free(m);
		return r < 0 ? r : -EIO;
	}
	if (root->type != UK_VFS_IFDIR) {
		uk_vfs_node_put(root);
		free(m);
		return -ENOTDIR;
	}
	m->type = t;
	m->flags = flags;
	m->root = root;
	vfs_adopt(root, m);
	*out = m;
	return 0;
}

/* Make the directory path (and its parents) exist; one reference to it. */
static int make_dirs(const char *path, struct uk_vfs_node **out)
{
	const char *p = path;
	struct uk_vfs_node *dir = vfs_root, *next;
	int r;

	uk_vfs_node_get(dir);
	while (*p) {
		const char *name;
		size_t len;

		while (*p == '/')
			p++;
		name = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - name);
		if (!len)
			break;
		r = vfs_step(dir, name, len, &next);
		if (r == -ENOENT && !vfs_dots(name, len)) {
			if (vfs_is_rdonly(dir))
				r = -EROFS;
			else if (!dir->ops->mkdir)
				r = -EPERM;
			else
				r = dir->ops->mkdir(dir, name, len, 0755);
			if (r == 0 || r == -EEXIST)
				r = vfs_step(dir, name, len, &next);
		}
		uk_vfs_node_put(dir);
		if (r < 0)
			return r;
		if (next->type != UK_VFS_IFDIR) {
			uk_vfs_node_put(next);
			return -ENOTDIR;
		}
		dir = next;
	}
	*out = dir;
	return 0;
}

/* a followed by b in a new string. */
static char *join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b) + 1;
	char *c = malloc(na + nb);

	if (c) {
		memcpy(c, a, na);
		memcpy(c + na, b, nb);
	}
	return c;
}

/* Boot mounts whose mount point is not made yet, in order. */
struct pending {
	struct pending *next;
	struct uk_vfs_fstype *type;
	unsigned flags;
	const char *source, *path, *label; /* in text */
	char text[];
};

static struct pending *pending, **pending_end = &pending;
static int pending_busy;

static int defer(struct uk_vfs_fstype *t, const char *source, const char *path, unsigned flags,
		 const char *label)
{
	size_t ns = strlen(source) + 1, np = strlen(path) + 1, nl = strlen(label) + 1;
	struct pending *p = malloc(sizeof(*p) + ns + np + nl);

	if (!p)
		return -ENOMEM;
	p->next = 0;
	p->type = t;
	p->flags = flags;
	memcpy(p->text, source, ns);
	memcpy(p->text + ns, path, np);
	memcpy(p->text + ns + np, label, nl);
	p->source = p->text;
	p->path = p->text + ns;
	p->label = p->text + ns + np;
	*pending_end = p;
	pending_end = &p->next;
	return 0;
}

static int mount_at(struct uk_vfs_fstype *t, const char *source, const char *path,
		    unsigned flags, const char *label);

void vfs_boot_mounts_finish(void)
{
	struct pending *p;

	while (pending_busy) {
		/* Another thread is making them (a 9P root waits for replies): let it finish. */
		if (!uk_thread_yield)
			return;
		uk_thread_yield();
	}
	if (!pending)
		return;
	pending_busy = 1;
	p = pending;
	pending = 0;
	pending_end = &pending;
	while (p) {
		struct pending *next = p->next;
		int r = mount_at(p->type, p->source, p->path, p->flags, p->label);

		if (r < 0)
			vfs_mount_failed("", p->label, r);
		free(p);
		p = next;
	}
	pending_busy = 0;
}

/* label: NULL to mount now, else the mount is lazy and label names it in messages. */
static int mount_at(struct uk_vfs_fstype *t, const char *source, const char *path,
		    unsigned flags, const char *label)
{
	struct uk_vfs_mount *m;
	struct uk_vfs_node *dir;
	int r;

	if (path[0] != '/')
		return -EINVAL;
	if (!vfs_root) {
		int only_root = 1;

		for (const char *p = path; *p; p++)
			if (*p != '/')
				only_root = 0;
		if (!only_root)
			return -ENOENT; /* "/" comes first */
		r = mount_type(t, source, flags, &m);
		if (r < 0)
			return r;
		m->next = mounts;
		mounts = m;
		vfs_root = m->root;
		uk_vfs_node_get(vfs_root);
		vfs_cwd = m->root;
		uk_vfs_node_get(vfs_cwd);
		return 0;
	}
	r = make_dirs(path, &dir);
	if (r < 0)
		return r;
	if (dir == vfs_root) {
		uk_vfs_node_put(dir);
		return -EBUSY; /* "/" is mounted once */
	}
	if (label) {
		r = -ENOMEM;
		m = calloc(1, sizeof(*m));
		if (m) {
			m->type = t;
			m->flags = flags;
			m->state = VFS_MOUNT_WAITING;
			m->source = join(source ? source : "", "");
			m->label = join(label, "");
			if (m->source && m->label)
				r = 0;
			else {
				free(m->source);
				free(m->label);
				free(m);
			}
		}
	} else {
		r = mount_type(t, source, flags, &m);
	}
	if (r < 0) {
		uk_vfs_node_put(dir);
		return r;
	}
	m->parent = dir->mount;
	m->covered = dir; /* keeps the reference */
	m->next = mounts;
	mounts = m;
	return 0;
}

int vfs_mount_ready(struct uk_vfs_mount *m)
{
	struct uk_vfs_mount *made;
	int r;

	while (m->state == VFS_MOUNT_MAKING) {
		/* Another thread is in the driver's mount (9P waits for replies): let it finish. */
		if (!uk_thread_yield)
			return -EBUSY;
		uk_thread_yield();
	}
	if (m->state != VFS_MOUNT_WAITING)
		return m->state;
	m->state = VFS_MOUNT_MAKING;
	r = mount_type(m->type, m->source, m->flags, &made);
	if (r < 0) {
		vfs_mount_failed("", m->label, r);
		m->state = r;
		return r;
	}
	/* mount_type made a mount record of its own: keep its root, drop the record. */
	m->root = made->root;
	vfs_adopt(m->root, m);
	free(made);
	free(m->source);
	m->source = 0;
	m->state = VFS_MOUNT_READY;
	return 0;
}

int vfs_mount_failed(const char *what, const char *spec, int r)
{
	const char *why = strerror(-r);

	if (r == -ENODEV)
		why = "no such filesystem type in this image (add its driver package, e.g. @uk/fs-9p)";
	else if (r == -EINVAL)
		why = "invalid: expected FSTYPE:SOURCE:/PATH[:ro] (vfs.root: FSTYPE[:SOURCE][:ro])";
	vfs_say("[uk-vfs] cannot mount ", what, spec);
	vfs_say(": ", why, "\n");
	return r;
}

int uk_vfs_mount(const char *fstype, const char *source, const char *path, unsigned flags)
{
	struct uk_vfs_fstype *t;

	vfs_boot_mounts_finish();
	if (!fstype || !path)
		return -EINVAL;
	t = vfs_fstype_find(fstype, strlen(fstype));
	if (!t)
		return -ENODEV;
	return mount_at(t, source, path, flags, 0);
}

/* FSTYPE:SOURCE:PATH[:ro] (FSTYPE may be empty: the default driver); lazy when labelled. */
static int mount_spec(const char *spec, const char *label)
{
	const char *c1 = strchr(spec, ':'), *c2, *c3;
	char source[128], *path;
	struct uk_vfs_fstype *t;
	unsigned flags = 0;
	size_t n;
	int r;

	if (!c1 || !(c2 = strchr(c1 + 1, ':')))
		return -EINVAL;
	c3 = strchr(c2 + 1, ':');
	if (c3) {
		if (strcmp(c3 + 1, "ro") && strcmp(c3 + 1, "rw"))
			return -EINVAL;
		if (!strcmp(c3 + 1, "ro"))
			flags |= UK_VFS_MOUNT_RDONLY;
	} else {
		c3 = c2 + strlen(c2);
	}
	t = c1 == spec ? vfs_fstype_default() : vfs_fstype_find(spec, (size_t)(c1 - spec));
	if (!t)
		return -ENODEV;
	n = (size_t)(c2 - c1 - 1);
	if (n >= sizeof(source))
		return -ENAMETOOLONG;
	memcpy(source, c1 + 1, n);
	source[n] = 0;
	n = (size_t)(c3 - c2 - 1);
	if (n >= VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (c2[1] != '/')
		return -EINVAL;
	path = malloc(n + 1); /* not on the stack: mounts run on the small boot stack */
	if (!path)
		return -ENOMEM;
	memcpy(path, c2 + 1, n);
	path[n] = 0;
	if (!label) {
		r = mount_at(t, source, path, flags, 0);
	} else {
		/* "/" is mounted once: say so at boot, where the other specification errors are. */
		r = -EBUSY;
		for (const char *q = path; *q; q++)
			if (*q != '/')
				r = 0;
		if (!r)
			r = vfs_root ? defer(t, source, path, flags, label) : -ENOENT;
	}
	free(path);
	return r;
}

int uk_vfs_mount_spec(const char *spec)
{
	vfs_boot_mounts_finish();
	return mount_spec(spec, 0);
}

int vfs_mount_spec_at_boot(const char *what, const char *spec)
{
	char *label = join(what, spec);
	int r = label ? mount_spec(spec, label) : -ENOMEM;

	free(label);
	return r;
}
