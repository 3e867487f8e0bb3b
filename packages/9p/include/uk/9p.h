/*
 * A 9P2000.L client, as seen by its users (@uk/fs-9p, or an app that talks
 * to a host directory directly). A 9P device is one connection to one
 * server export: a virtio-9p device on kvm (named by its mount tag), a 9P
 * server process on linuxu. Every transport in the image registers its
 * devices at boot; users find them by index or by tag.
 *
 * Files are fids: numbers the client picks (uk_9p_fid_alloc) and the
 * server binds to a file by attach, walk, lcreate, and forgets at clunk.
 * A call sends one T-message and waits for its R-message. Calls from
 * several threads are in flight together, each under its own tag; a
 * waiting thread sleeps until its reply comes (interrupt-driven transports)
 * or polls the transport, yielding to other threads.
 *
 * Results are 0 (or a count) on success and a negative Linux errno on
 * failure: the server's Rlerror carries Linux errno values already, and the
 * client adds -EIO (malformed reply, transport failure), -ENOMEM (no tag
 * or fid left), -EMSGSIZE (the request does not fit msize),
 * -ENAMETOOLONG, -EINVAL (bad arguments).
 *
 * Names are (pointer, length) pairs, never NUL-terminated strings: a
 * filesystem passes the components of a path without copying them.
 *
 * ABI: the semver major of @uk/9p. The functions are defined by
 * @uk/9p-core, which every transport requires.
 */
#ifndef UK_9P_H
#define UK_9P_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error numbers the client itself reports (negated); they are Linux's. */
#define UK_9P_EIO 5
#define UK_9P_ENOMEM 12
#define UK_9P_EINVAL 22
#define UK_9P_ENAMETOOLONG 36
#define UK_9P_EMSGSIZE 90

/* No fid (the afid of an attach without authentication). */
#define UK_9P_NOFID 0xffffffffu

/* qid.type bits. */
#define UK_9P_QTDIR 0x80
#define UK_9P_QTAPPEND 0x40
#define UK_9P_QTEXCL 0x20
#define UK_9P_QTAUTH 0x08
#define UK_9P_QTTMP 0x04
#define UK_9P_QTSYMLINK 0x02
#define UK_9P_QTFILE 0x00

/* The server's unique identity of a file. */
struct uk_9p_qid {
	uint8_t type; /* UK_9P_QT* */
	uint32_t version;
	uint64_t path;
};

/* Tgetattr request_mask / Rgetattr valid bits. */
#define UK_9P_GETATTR_MODE 0x00000001ull
#define UK_9P_GETATTR_NLINK 0x00000002ull
#define UK_9P_GETATTR_UID 0x00000004ull
#define UK_9P_GETATTR_GID 0x00000008ull
#define UK_9P_GETATTR_RDEV 0x00000010ull
#define UK_9P_GETATTR_ATIME 0x00000020ull
#define UK_9P_GETATTR_MTIME 0x00000040ull
#define UK_9P_GETATTR_CTIME 0x00000080ull
#define UK_9P_GETATTR_INO 0x00000100ull
#define UK_9P_GETATTR_SIZE 0x00000200ull
#define UK_9P_GETATTR_BLOCKS 0x00000400ull
#define UK_9P_GETATTR_BASIC 0x000007ffull

struct uk_9p_attr {
	uint64_t valid;
	struct uk_9p_qid qid;
	uint32_t mode; /* Linux st_mode: type and permission bits */
	uint32_t uid, gid;
	uint64_t nlink, rdev, size, blksize, blocks;
	uint64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

/* Tsetattr valid bits: which fields of struct uk_9p_setattr apply. */
#define UK_9P_SETATTR_MODE 0x00000001u
#define UK_9P_SETATTR_UID 0x00000002u
#define UK_9P_SETATTR_GID 0x00000004u
#define UK_9P_SETATTR_SIZE 0x00000008u
#define UK_9P_SETATTR_ATIME 0x00000010u
#define UK_9P_SETATTR_MTIME 0x00000020u
#define UK_9P_SETATTR_CTIME 0x00000040u
#define UK_9P_SETATTR_ATIME_SET 0x00000080u
#define UK_9P_SETATTR_MTIME_SET 0x00000100u

struct uk_9p_setattr {
	uint32_t valid;
	uint32_t mode, uid, gid;
	uint64_t size;
	uint64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec;
};

struct uk_9p_statfs {
	uint32_t type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree, fsid;
	uint32_t namelen;
};

/* One entry of a Rreaddir buffer (see uk_9p_dirent_next). */
struct uk_9p_dirent {
	struct uk_9p_qid qid;
	uint64_t offset; /* pass to uk_9p_readdir to continue after this entry */
	uint8_t type;    /* Linux DT_* */
	const char *name; /* inside the buffer, not NUL-terminated */
	uint16_t name_len;
};

/* unlinkat flags. */
#define UK_9P_AT_REMOVEDIR 0x200

struct uk_9p_dev; /* opaque to users; see uk/9p_impl.h */

/*
 * Devices: how many, device i, the one with mount tag (tag, len), or NULL.
 * A device is brought up the first time one of the last two reaches it
 * (virtio's set-up is not paid at boot); one that fails to come up says
 * why on the console once and is never returned.
 */
unsigned uk_9p_dev_count(void);
struct uk_9p_dev *uk_9p_dev_get(unsigned index);
struct uk_9p_dev *uk_9p_dev_find(const char *tag, size_t len);
const char *uk_9p_dev_tag(const struct uk_9p_dev *dev);
/* The export name to give uk_9p_attach for this device ("" when the server has only one). */
const char *uk_9p_dev_aname(const struct uk_9p_dev *dev);
/* 1 when the transport only grants read-only access (a :ro volume). */
int uk_9p_dev_readonly(const struct uk_9p_dev *dev);

/*
 * Tversion: start the session, agreeing on the largest message size (the
 * transport's limit, at most msize when msize is not 0) and on
 * "9P2000.L". Returns the negotiated msize, or a negative errno (-EIO when
 * the server speaks no 9P2000.L). Done once per device; later calls return
 * the msize agreed.
 */
long uk_9p_version(struct uk_9p_dev *dev, uint32_t msize);
/* Largest data a read or write carries in one message (msize minus headers). */
uint32_t uk_9p_iosize(const struct uk_9p_dev *dev);

/* A free fid number (0 .. UK_9P_NOFID-1) or -ENOMEM; uk_9p_clunk frees it. */
long uk_9p_fid_alloc(struct uk_9p_dev *dev);
/* Give back a fid the server never bound (a failed walk or attach). */
void uk_9p_fid_free(struct uk_9p_dev *dev, uint32_t fid);

/* Tattach: bind fid to the root of export aname as user n_uname. */
int uk_9p_attach(struct uk_9p_dev *dev, uint32_t fid, const char *uname, size_t uname_len,
		 const char *aname, size_t aname_len, uint32_t n_uname, struct uk_9p_qid *qid);
/*
 * Twalk: bind newfid to what nwname names (at most 16) lead to from fid
 * (newfid == fid moves fid; nwname == 0 clones). Returns the number of
 * names walked: nwname on success (newfid is then bound), fewer when a
 * later one does not exist (newfid is not bound), or a negative errno
 * when the first one fails. qids (may be NULL) gets one qid per name walked.
 */
int uk_9p_walk(struct uk_9p_dev *dev, uint32_t fid, uint32_t newfid, unsigned nwname,
	       const char *const *names, const size_t *lens, struct uk_9p_qid *qids);
/* Tlopen: open fid with Linux open flags; iounit (may be NULL): 0 = msize limit. */
int uk_9p_lopen(struct uk_9p_dev *dev, uint32_t fid, uint32_t flags, struct uk_9p_qid *qid,
		uint32_t *iounit);
/* Tlcreate: create name in directory fid and open it; fid then is the new file. */
int uk_9p_lcreate(struct uk_9p_dev *dev, uint32_t fid, const char *name, size_t len, uint32_t flags,
		  uint32_t mode, uint32_t gid, struct uk_9p_qid *qid, uint32_t *iounit);
/*
 * Tread/Twrite: one message of at most uk_9p_iosize() bytes (larger
 * counts are cut to it). The count transferred (0 at end of file) or a
 * negative errno. The data moves directly between buf and the transport
 * where the transport allows it (virtio: no copy).
 */
long uk_9p_read(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, void *buf, uint32_t count);
long uk_9p_write(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, const void *buf,
		 uint32_t count);
/*
 * A whole range: len bytes cut into messages of uk_9p_iosize() bytes, up
 * to four in flight at once. Returns the bytes transferred (fewer at end
 * of file), or a negative errno when nothing was.
 */
long uk_9p_read_range(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, void *buf, size_t len);
long uk_9p_write_range(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, const void *buf,
		       size_t len);
/* Tclunk: forget fid (and free its number, whatever the server says). */
int uk_9p_clunk(struct uk_9p_dev *dev, uint32_t fid);
int uk_9p_getattr(struct uk_9p_dev *dev, uint32_t fid, uint64_t mask, struct uk_9p_attr *attr);
int uk_9p_setattr(struct uk_9p_dev *dev, uint32_t fid, const struct uk_9p_setattr *attr);
/*
 * Treaddir on an open directory fid from offset (0 at first): fills buf
 * with at most count bytes of entries; returns the bytes filled (0 at the
 * end) or a negative errno. Walk them with uk_9p_dirent_next.
 */
long uk_9p_readdir(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, void *buf, uint32_t count);
/*
 * The entry at *pos in a Rreaddir buffer of len bytes: 1 and *pos moved
 * past it, 0 at the end, -EIO when the buffer is malformed.
 */
int uk_9p_dirent_next(const void *buf, size_t len, size_t *pos, struct uk_9p_dirent *ent);
int uk_9p_mkdir(struct uk_9p_dev *dev, uint32_t dfid, const char *name, size_t len, uint32_t mode,
		uint32_t gid, struct uk_9p_qid *qid);
int uk_9p_unlinkat(struct uk_9p_dev *dev, uint32_t dfid, const char *name, size_t len,
		   uint32_t flags);
int uk_9p_renameat(struct uk_9p_dev *dev, uint32_t olddfid, const char *oldname, size_t oldlen,
		   uint32_t newdfid, const char *newname, size_t newlen);
int uk_9p_fsync(struct uk_9p_dev *dev, uint32_t fid, int datasync);
int uk_9p_statfs(struct uk_9p_dev *dev, uint32_t fid, struct uk_9p_statfs *st);
int uk_9p_symlink(struct uk_9p_dev *dev, uint32_t dfid, const char *name, size_t len,
		  const char *target, size_t target_len, uint32_t gid, struct uk_9p_qid *qid);
/* Treadlink: the target (not NUL-terminated) into buf; its length, or -errno. */
long uk_9p_readlink(struct uk_9p_dev *dev, uint32_t fid, char *buf, size_t len);

/* Per-device counters. */
struct uk_9p_stats {
	uint64_t requests, errors, bytes_read, bytes_written, max_inflight;
};
const struct uk_9p_stats *uk_9p_stats(const struct uk_9p_dev *dev);

#ifdef __cplusplus
}
#endif

#endif /* UK_9P_H */
