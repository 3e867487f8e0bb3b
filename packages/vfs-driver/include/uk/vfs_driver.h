/*
 * The filesystem-driver API of the VFS (@uk/vfs). A filesystem (@uk/fs-ramfs,
 * @uk/fs-9p, ...) is a driver: it registers a filesystem type by name at
 * boot, and the VFS asks it to mount a source and give back the root node.
 * Everything after that is node-relative: a directory node looks up one name
 * at a time, given as (pointer, length) so no path string is ever built or
 * copied. The VFS owns paths, mounts, "." and "..", symbolic-link following,
 * permissions of read-only mounts, open-file state, offsets and O_APPEND;
 * a driver only answers questions about its own nodes.
 *
 * Numbers are Linux's x86_64 values (mode bits S_IF*, errno, O_* flags), so
 * this header needs no libc header. Every operation returns 0 (or a count)
 * on success and a negative errno on failure.
 *
 * Threads: operations may block (a 9P request waits for its reply) and may
 * run concurrently on different nodes and on the same node; a driver
 * serialises what it must itself.
 */
#ifndef UK_VFS_DRIVER_H
#define UK_VFS_DRIVER_H

#include <stddef.h>
#include <stdint.h>
#include <uk/init.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Node types: the S_IFMT part of a mode, Linux's values. */
#define UK_VFS_IFMT  0170000u
#define UK_VFS_IFDIR 0040000u
#define UK_VFS_IFREG 0100000u
#define UK_VFS_IFLNK 0120000u

struct uk_vfs_node;
struct uk_vfs_mount;

/* What getattr reports; the VFS turns it into struct stat. */
struct uk_vfs_attr {
	uint64_t ino;      /* same value as node->ino */
	uint32_t mode;     /* type and permission bits */
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t size;     /* bytes; a symbolic link: length of its target */
	uint64_t blocks;   /* 512-byte units allocated */
	uint32_t blksize;  /* preferred I/O size */
	int64_t atime_sec, mtime_sec, ctime_sec;
	uint32_t atime_nsec, mtime_nsec, ctime_nsec;
};

/* What setattr changes: the fields named in valid. */
#define UK_VFS_SET_MODE  1u /* permission bits (type bits ignored) */
#define UK_VFS_SET_SIZE  2u /* truncate or extend with zeros */
#define UK_VFS_SET_ATIME 4u
#define UK_VFS_SET_MTIME 8u
struct uk_vfs_setattr {
	unsigned valid;
	uint32_t mode;
	uint64_t size;
	int64_t atime_sec, mtime_sec;
	uint32_t atime_nsec, mtime_nsec;
};

/* One directory entry, as readdir returns it. */
#define UK_VFS_NAME_MAX 255
struct uk_vfs_dirent {
	uint64_t ino;
	uint64_t next;   /* cookie to pass to readdir to continue after this entry */
	uint8_t type;    /* DT_* value (DT_DIR 4, DT_REG 8, DT_LNK 10; DT_UNKNOWN 0) */
	uint16_t namelen;
	char name[UK_VFS_NAME_MAX + 1]; /* NUL-terminated too */
};

/*
 * Operations on a node. Any member may be NULL: the VFS then answers with
 * the error Linux gives for an object that cannot do that (EPERM, EINVAL,
 * ENOTDIR, ...). Names handed to directory operations are one component:
 * never empty, never "." and never contain '/'; ".." reaches lookup only
 * for a directory that is not the root of its mount (the VFS handles a
 * mount's root itself). The VFS has already checked that dir is a directory
 * and that the mount is writable.
 */
struct uk_vfs_node_ops {
	/* Directories. */
	int (*lookup)(struct uk_vfs_node *dir, const char *name, size_t len,
		      struct uk_vfs_node **out); /* -ENOENT when absent; one reference */
	int (*create)(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode,
		      struct uk_vfs_node **out); /* new regular file; -EEXIST if name exists */
	int (*mkdir)(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode);
	int (*symlink)(struct uk_vfs_node *dir, const char *name, size_t len,
		       const char *target, size_t target_len);
	int (*unlink)(struct uk_vfs_node *dir, const char *name, size_t len); /* not a directory */
	int (*rmdir)(struct uk_vfs_node *dir, const char *name, size_t len);  /* -ENOTEMPTY */
	/*
	 * Both directories are on this mount. POSIX rules: a file may replace a
	 * file, a directory an empty directory (-ENOTEMPTY otherwise, -EISDIR /
	 * -ENOTDIR for a type mismatch); the VFS already refused moving a
	 * directory into itself and names that are "." or "..".
	 */
	int (*rename)(struct uk_vfs_node *olddir, const char *oldname, size_t oldlen,
		      struct uk_vfs_node *newdir, const char *newname, size_t newlen);
	/*
	 * The entry at *cookie (0: the first; the driver lists "." and ".." as
	 * Linux does): fills out and returns 1, or returns 0 at the end.
	 * handle is what open returned for the directory.
	 */
	int (*readdir)(struct uk_vfs_node *dir, void *handle, uint64_t cookie,
		       struct uk_vfs_dirent *out);

	/* Any node. */
	int (*getattr)(struct uk_vfs_node *n, struct uk_vfs_attr *out);
	int (*setattr)(struct uk_vfs_node *n, const struct uk_vfs_setattr *set);
	/* Symbolic link: copies at most len bytes of the target (no NUL), returns the count. */
	int (*readlink)(struct uk_vfs_node *n, char *buf, size_t len);

	/*
	 * Per-open state. open gets the open(2) flags (O_ACCMODE, O_TRUNC is
	 * already done by the VFS through setattr) and may set *handle; close
	 * gets it back when the last descriptor sharing the open file goes.
	 * Both optional: without open, handle is NULL.
	 */
	int (*open)(struct uk_vfs_node *n, int flags, void **handle);
	void (*close)(struct uk_vfs_node *n, void *handle);
	/* Bytes transferred (0 at end of file for read), or -errno. */
	int64_t (*read)(struct uk_vfs_node *n, void *handle, void *buf, size_t len, uint64_t off);
	int64_t (*write)(struct uk_vfs_node *n, void *handle, const void *buf, size_t len,
			 uint64_t off);
	int (*fsync)(struct uk_vfs_node *n, void *handle, int datasync);

	/* The VFS dropped its last reference: free the node (and its fid...). */
	void (*release)(struct uk_vfs_node *n);
};

/*
 * A node: the driver embeds it in its own object and fills ops, ino and
 * type before handing it out. The VFS counts references with
 * uk_vfs_node_get/put and calls ops->release at zero. A driver may hand out
 * the same node again (taking a reference with uk_vfs_node_get) or a fresh
 * one for the same object; either way ino must be the same number for the
 * same object for as long as it exists (mount points are found by it).
 */
struct uk_vfs_node {
	const struct uk_vfs_node_ops *ops;
	uint64_t ino;
	uint32_t type;              /* UK_VFS_IFDIR, UK_VFS_IFREG or UK_VFS_IFLNK */
	/* Owned by the VFS: set when the node is handed to it. */
	struct uk_vfs_mount *mount;
	unsigned long refs;
};

/* A mount is read-only: the VFS refuses writes with EROFS, drivers may also use it. */
#define UK_VFS_MOUNT_RDONLY 1u

/*
 * A filesystem type. mount turns a source (a 9P mount tag, "" for ramfs)
 * and flags into a root directory node with one reference, or -errno
 * (-ENOENT: no such source). unmount, optional, is called after the VFS
 * released the root at shutdown.
 */
struct uk_vfs_fstype {
	const char *name; /* "ramfs", "9p": what mount specifications name */
	int (*mount)(const char *source, unsigned flags, struct uk_vfs_node **root);
	void (*unmount)(struct uk_vfs_node *root);
	/* Owned by the VFS. */
	struct uk_vfs_fstype *next;
	int is_default;
};

/*
 * Register a filesystem type; is_default says the build made this driver
 * the default of @uk/vfs-driver (the root filesystem when nothing else is
 * asked for). Call it at UK_INIT_LIB: UK_VFS_FSTYPE does that for you.
 * Mounts happen at UK_INIT_FS. Returns 0 or -EEXIST for a name taken.
 */
int uk_vfs_fstype_register(struct uk_vfs_fstype *type, int is_default);

#ifdef CONFIG_UK_VFS_DRIVER_DEFAULT_IS_SELF
#define UK_VFS__IS_DEFAULT 1
#else
#define UK_VFS__IS_DEFAULT 0
#endif

/* Register type (a struct uk_vfs_fstype variable) at boot. */
#define UK_VFS_FSTYPE(type)                                                  \
	static int uk_vfs_fstype_init_##type(void)                           \
	{                                                                    \
		return uk_vfs_fstype_register(&type, UK_VFS__IS_DEFAULT);    \
	}                                                                    \
	UK_INIT(uk_vfs_fstype_init_##type, UK_INIT_LIB, UK_INIT_PRIO_DEFAULT)

/* References: a node handed to the VFS or returned by lookup holds one. */
void uk_vfs_node_get(struct uk_vfs_node *n);
void uk_vfs_node_put(struct uk_vfs_node *n);

/* Flags the mount was made with (UK_VFS_MOUNT_RDONLY). */
unsigned uk_vfs_mount_flags(const struct uk_vfs_mount *m);

#ifdef __cplusplus
}
#endif

#endif /* UK_VFS_DRIVER_H */
