/*
 * Private to @uk/fs-ramfs: a filesystem in memory. Directories keep their
 * entries in creation order (a list, for readdir cookies that survive
 * removals) and in a hash table (for lookup); file data lives in 4 KiB
 * blocks, allocated when written (a hole reads as zeros). Every operation
 * runs without blocking, so on the cooperative scheduler each one is
 * atomic with respect to other threads and needs no lock.
 */
#ifndef UK_RAMFS_H
#define UK_RAMFS_H

#include <stddef.h>
#include <stdint.h>
#include <uk/vfs_driver.h>

#define RAMFS_BLOCK 4096u

struct ramfs;
struct ramfs_node;

struct ramfs_entry {
	struct ramfs_entry *next, *prev; /* creation order */
	struct ramfs_entry *chain;       /* hash bucket */
	struct ramfs_node *node;
	uint64_t seq;                    /* readdir cookie of this entry */
	uint32_t hash;
	uint16_t len;
	char name[];
};

struct ramfs_node {
	struct uk_vfs_node vn;
	struct ramfs *fs;
	uint32_t mode;
	uint32_t nlink;
	uint32_t uid, gid;
	int64_t atime_sec, mtime_sec, ctime_sec;
	uint32_t atime_nsec, mtime_nsec, ctime_nsec;
	union {
		struct { /* directory */
			struct ramfs_node *parent;
			struct ramfs_entry *head, *tail;
			struct ramfs_entry **buckets;
			uint32_t nbuckets, count;
			uint64_t gen; /* bumped by every removal */
			uint64_t next_seq;
		} d;
		struct { /* regular file */
			char **blocks;
			uint64_t nblocks; /* slots in blocks */
			uint64_t size;
			uint64_t allocated; /* blocks holding data */
		} f;
		struct { /* symbolic link */
			char *target;
			size_t len;
		} l;
	} u;
};

struct ramfs {
	uint64_t next_ino;
	uint64_t used;  /* bytes charged: data blocks, names, nodes */
	uint64_t limit; /* 0: whatever the allocator gives */
	unsigned flags;
};

extern const struct uk_vfs_node_ops ramfs_ops;

static inline struct ramfs_node *ramfs_of(struct uk_vfs_node *n)
{
	return (struct ramfs_node *)n;
}

/* node.c */
struct ramfs_node *ramfs_node_new(struct ramfs *fs, uint32_t mode);
void ramfs_node_free(struct ramfs_node *n);
void ramfs_touch(struct ramfs_node *n, int what); /* RAMFS_T_* */
#define RAMFS_T_A 1
#define RAMFS_T_M 2
#define RAMFS_T_C 4
int ramfs_charge(struct ramfs *fs, uint64_t bytes); /* 0 or -ENOSPC */
void ramfs_uncharge(struct ramfs *fs, uint64_t bytes);
int ramfs_getattr(struct uk_vfs_node *vn, struct uk_vfs_attr *a);
int ramfs_setattr(struct uk_vfs_node *vn, const struct uk_vfs_setattr *s);
int ramfs_readlink(struct uk_vfs_node *vn, char *buf, size_t len);
void ramfs_release(struct uk_vfs_node *vn);

/* data.c */
int64_t ramfs_read(struct uk_vfs_node *vn, void *h, void *buf, size_t len, uint64_t off);
int64_t ramfs_write(struct uk_vfs_node *vn, void *h, const void *buf, size_t len, uint64_t off);
int ramfs_truncate(struct ramfs_node *n, uint64_t size);
void ramfs_data_free(struct ramfs_node *n);

/* dir.c */
int ramfs_lookup(struct uk_vfs_node *dir, const char *name, size_t len, struct uk_vfs_node **out);
int ramfs_create(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode,
		 struct uk_vfs_node **out);
int ramfs_mkdir(struct uk_vfs_node *dir, const char *name, size_t len, uint32_t mode);
int ramfs_symlink(struct uk_vfs_node *dir, const char *name, size_t len, const char *target,
		  size_t target_len);
int ramfs_unlink(struct uk_vfs_node *dir, const char *name, size_t len);
int ramfs_rmdir(struct uk_vfs_node *dir, const char *name, size_t len);
int ramfs_rename(struct uk_vfs_node *od, const char *on, size_t ol, struct uk_vfs_node *nd,
		 const char *nn, size_t nl);
int ramfs_readdir(struct uk_vfs_node *dir, void *h, uint64_t cookie, struct uk_vfs_dirent *out);
void ramfs_dir_free(struct ramfs_node *n);
int ramfs_open(struct uk_vfs_node *vn, int flags, void **handle);
void ramfs_close(struct uk_vfs_node *vn, void *handle);

#endif
