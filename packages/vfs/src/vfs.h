/*
 * Private to @uk/vfs: the mount table, path resolution and the open-file
 * object shared by the system calls in this package.
 */
#ifndef UK_VFS_PRIVATE_H
#define UK_VFS_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <uk/vfs_driver.h>

/*
 * A mounted filesystem. "/" has no parent and no covered node. A mount
 * made at boot below "/" is lazy: its driver is asked for the root only
 * when a lookup first crosses the mount point (vfs_mount_ready), so an
 * image pays for a volume (9P's version and attach) only when it uses it.
 */
struct uk_vfs_mount {
	struct uk_vfs_fstype *type;
	unsigned flags;
	struct uk_vfs_node *root;    /* one reference; NULL until a lazy mount is made */
	struct uk_vfs_mount *parent;
	struct uk_vfs_node *covered; /* the directory of parent it hides; one reference */
	struct uk_vfs_mount *next;
	/* A lazy mount: VFS_MOUNT_WAITING, _MAKING, _READY, or the driver's -errno (kept). */
	int state;
	char *source; /* what the driver's mount gets; freed once made */
	char *label;  /* the specification as the user wrote it, for the error message */
};

#define VFS_MOUNT_READY 0
#define VFS_MOUNT_WAITING 1
#define VFS_MOUNT_MAKING 2

/*
 * Make a lazy mount now if it is not made yet: 0 (m->root is set) or the
 * driver's -errno, reported once on the console as a failed boot mount is
 * and returned again to every later lookup.
 */
int vfs_mount_ready(struct uk_vfs_mount *m);

/*
 * A boot mount "FSTYPE:SOURCE:PATH[:ro]" below "/": checked now, its mount
 * point made by vfs_boot_mounts_finish, the mount on first use; what (say
 * "vfs.mount.0=") and spec name it in the message if it fails later.
 */
int vfs_mount_spec_at_boot(const char *what, const char *spec);

/*
 * Make the mount points of the boot mounts (once; the first path
 * resolution and run-time mount call it). A failure prints the boot
 * mount line and leaves that mount out.
 */
void vfs_boot_mounts_finish(void);

/* The boot mount failure line: "[uk-vfs] cannot mount <what><spec>: <why>". */
int vfs_mount_failed(const char *what, const char *spec, int r);

#define VFS_PATH_MAX 4096
#define VFS_SYMLINK_MAX 40 /* links followed in one resolution, as Linux */

/* Filesystem types. */
struct uk_vfs_fstype *vfs_fstype_find(const char *name, size_t len);
struct uk_vfs_fstype *vfs_fstype_default(void);

/* The root directory and the working directory (each one reference). */
extern struct uk_vfs_node *vfs_root;
extern struct uk_vfs_node *vfs_cwd;

/* The mount whose root hides n's directory, when n is a mount point; else NULL. */
struct uk_vfs_mount *vfs_mount_on(const struct uk_vfs_node *n);
int vfs_is_rdonly(const struct uk_vfs_node *n);

/* A node the driver just handed over: it belongs to dir's mount. */
static inline void vfs_adopt(struct uk_vfs_node *n, struct uk_vfs_mount *m)
{
	n->mount = m;
	if (!n->refs)
		n->refs = 1;
}

/* ---- resolution (lookup.c) ---- */
#define VFS_FOLLOW 1   /* follow a symbolic link in the last component */
#define VFS_DIRONLY 2  /* the result must be a directory */

/* Where relative paths start: AT_FDCWD or a directory descriptor. */
int vfs_start(int dirfd, const char *path, struct uk_vfs_node **start);

/* Resolve path from start to a node (one reference) or -errno. */
int vfs_resolve(struct uk_vfs_node *start, const char *path, int flags, struct uk_vfs_node **out);

/*
 * Resolve everything but the last component: *dir (one reference, a
 * directory), and the last name as (*name, *len), which may be "." or "..".
 * *trailing_slash says the path ended in '/'.
 */
int vfs_resolve_parent(struct uk_vfs_node *start, const char *path, struct uk_vfs_node **dir,
		       const char **name, size_t *len, int *trailing_slash);

/* One step: lookup of one component in dir, crossing mounts and handling "..". */
int vfs_step(struct uk_vfs_node *dir, const char *name, size_t len, struct uk_vfs_node **out);

/* Convenience for the calls: dirfd + path resolved with flags. */
int vfs_lookup_at(int dirfd, const char *path, int flags, struct uk_vfs_node **out);

/* 1 when name is "." (2 for ".."), 0 otherwise. */
static inline int vfs_dots(const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return 1;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return 2;
	return 0;
}

int vfs_getattr(struct uk_vfs_node *n, struct uk_vfs_attr *a);

/* ---- open files (file.c) ---- */
struct vfs_open {
	struct uk_vfs_node *node; /* one reference */
	void *handle;             /* from the driver's open */
};
struct stat;
/* Open n (checks done) as a new descriptor with these open flags: fd or -errno. */
int vfs_install(struct uk_vfs_node *n, int flags);
void vfs_release_open(struct vfs_open *o);
/* The node behind a VFS descriptor (one reference), or NULL with *err set. */
struct uk_vfs_node *vfs_node_of_fd(int fd, int *err);
void vfs_attr_to_stat(const struct uk_vfs_node *n, const struct uk_vfs_attr *a, struct stat *st);
/* The process's file-mode creation mask. */
extern unsigned vfs_umask;

#endif
