/*
 * The 9P2000.L requests, one function each: build the T-message on the
 * caller's stack, make the round trip, read the reply. Data of reads,
 * writes and directory listings moves between the caller's buffer and the
 * transport directly (the message header and the data are separate
 * buffers of one request), so a virtio transport copies nothing.
 */
#include "core.h"

#define NAME_MAX_9P 255
#define SMALL (UK_9P_HDR + 64)             /* a message with fixed fields only */
#define ONE_NAME (SMALL + 2 + NAME_MAX_9P) /* ... and one name */
#define RSMALL 160                         /* the largest fixed reply (Rgetattr: 160) */
#define PATH_MAX_9P 4096

#define EROFS_9P 30
#define O_ACCMODE_9P 3
#define O_TRUNC_9P 01000

/*
 * A transport that shares a directory read-only without the server
 * enforcing it (linuxu's diod) is still read-only to its users: every
 * request that would change the share is refused here with EROFS.
 */
#define REFUSE_IF_READONLY(dev)                                              \
	do {                                                                 \
		if ((dev)->readonly)                                         \
			return -EROFS_9P;                                    \
	} while (0)

static int name_ok(size_t len)
{
	return len > 0 && len <= NAME_MAX_9P;
}

/* A round trip whose reply fits in r and carries no separate data. */
#define CALL(dev, m, r, in) p9_rpc((dev), (m), 0, 0, (r), sizeof(r), 0, 0, (in))

/* A reply that is one qid (Rattach, Rmkdir, Rsymlink), after the round trip's rc. */
static int qid_reply(int rc, struct p9_in *in, struct uk_9p_qid *qid)
{
	struct uk_9p_qid q;

	if (rc)
		return rc;
	p9_getqid(in, &q);
	if (in->bad)
		return -UK_9P_EIO;
	if (qid)
		*qid = q;
	return 0;
}

/* A reply that is a byte count of at most count (Rread, Rreaddir, Rwrite). */
static long count_reply(int rc, struct p9_in *in, uint32_t count)
{
	uint32_t got;

	if (rc)
		return rc;
	got = p9_get32(in);
	if (in->bad || got > count)
		return -UK_9P_EIO;
	return got;
}

static int version_str_is_l(const char *s, uint16_t len)
{
	static const char want[] = "9P2000.L";

	if (len != sizeof(want) - 1)
		return 0;
	for (unsigned i = 0; i < len; i++)
		if (s[i] != want[i])
			return 0;
	return 1;
}

long uk_9p_version(struct uk_9p_dev *dev, uint32_t msize)
{
	uint8_t t[SMALL], r[RSMALL];
	struct p9_out m;
	struct p9_in in;
	uint32_t got;
	uint16_t len;
	const char *v;
	int rc;

	if (dev->msize)
		return dev->msize;
	if (!msize || msize > dev->max_msize)
		msize = dev->max_msize;
	p9_out_start(&m, t, sizeof(t), P9_TVERSION);
	p9_put32(&m, msize);
	p9_putstr(&m, "9P2000.L", 8);
	rc = CALL(dev, &m, r, &in);
	if (rc)
		return rc;
	got = p9_get32(&in);
	v = p9_getstr(&in, &len);
	if (in.bad || !version_str_is_l(v, len) || got < 4096 || got > msize)
		return -UK_9P_EIO;
	dev->msize = got;
	return got;
}

uint32_t uk_9p_iosize(const struct uk_9p_dev *dev)
{
	uint32_t msize = dev->msize ? dev->msize : dev->max_msize;

	/*
	 * Twrite's header is the larger (size type tag fid offset count: 23
	 * bytes); servers reserve 24 for it (Linux's P9_IOHDRSZ; diod refuses
	 * a count above msize - 24).
	 */
	return msize - 24;
}

int uk_9p_attach(struct uk_9p_dev *dev, uint32_t fid, const char *uname, size_t uname_len,
		 const char *aname, size_t aname_len, uint32_t n_uname, struct uk_9p_qid *qid)
{
	uint8_t t[SMALL + 2 * (2 + PATH_MAX_9P / 4)], r[RSMALL];
	struct p9_out m;
	struct p9_in in;

	p9_out_start(&m, t, sizeof(t), P9_TATTACH);
	p9_put32(&m, fid);
	p9_put32(&m, UK_9P_NOFID);
	p9_putstr(&m, uname, uname_len);
	p9_putstr(&m, aname, aname_len);
	p9_put32(&m, n_uname);
	if (m.overflow)
		return -UK_9P_ENAMETOOLONG;
	return qid_reply(CALL(dev, &m, r, &in), &in, qid);
}

int uk_9p_walk(struct uk_9p_dev *dev, uint32_t fid, uint32_t newfid, unsigned nwname,
	       const char *const *names, const size_t *lens, struct uk_9p_qid *qids)
{
	uint8_t t[SMALL + P9_MAXWELEM * (2 + 64)], r[UK_9P_HDR + 2 + P9_MAXWELEM * 13 + 4];
	struct p9_out m;
	struct p9_in in;
	unsigned n;
	int rc;

	if (nwname > P9_MAXWELEM)
		return -UK_9P_EINVAL;
	p9_out_start(&m, t, sizeof(t), P9_TWALK);
	p9_put32(&m, fid);
	p9_put32(&m, newfid);
	p9_put16(&m, (uint16_t)nwname);
	for (unsigned i = 0; i < nwname; i++) {
		if (!name_ok(lens[i]))
			return lens[i] ? -UK_9P_ENAMETOOLONG : -UK_9P_EINVAL;
		p9_putstr(&m, names[i], lens[i]);
	}
	if (m.overflow)
		return -UK_9P_ENAMETOOLONG; /* walk fewer names at a time */
	rc = CALL(dev, &m, r, &in);
	if (rc)
		return rc;
	n = p9_get16(&in);
	if (n > nwname || (nwname && !n))
		return -UK_9P_EIO;
	for (unsigned i = 0; i < n; i++) {
		struct uk_9p_qid q;

		p9_getqid(&in, &q);
		if (qids)
			qids[i] = q;
	}
	return in.bad ? -UK_9P_EIO : (int)n;
}

static int qid_iounit_reply(struct p9_in *in, struct uk_9p_qid *qid, uint32_t *iounit)
{
	struct uk_9p_qid q;
	uint32_t io;

	p9_getqid(in, &q);
	io = p9_get32(in);
	if (in->bad)
		return -UK_9P_EIO;
	if (qid)
		*qid = q;
	if (iounit)
		*iounit = io;
	return 0;
}

int uk_9p_lopen(struct uk_9p_dev *dev, uint32_t fid, uint32_t flags, struct uk_9p_qid *qid,
		uint32_t *iounit)
{
	uint8_t t[SMALL], r[RSMALL];
	struct p9_out m;
	struct p9_in in;
	int rc;

	if ((flags & O_ACCMODE_9P) || (flags & O_TRUNC_9P))
		REFUSE_IF_READONLY(dev);
	p9_out_start(&m, t, sizeof(t), P9_TLOPEN);
	p9_put32(&m, fid);
	p9_put32(&m, flags);
	rc = CALL(dev, &m, r, &in);
	return rc ? rc : qid_iounit_reply(&in, qid, iounit);
}

int uk_9p_lcreate(struct uk_9p_dev *dev, uint32_t fid, const char *name, size_t len, uint32_t flags,
		  uint32_t mode, uint32_t gid, struct uk_9p_qid *qid, uint32_t *iounit)
{
	uint8_t t[ONE_NAME], r[RSMALL];
	struct p9_out m;
	struct p9_in in;
	int rc;

	REFUSE_IF_READONLY(dev);
	if (!name_ok(len))
		return len ? -UK_9P_ENAMETOOLONG : -UK_9P_EINVAL;
	p9_out_start(&m, t, sizeof(t), P9_TLCREATE);
	p9_put32(&m, fid);
	p9_putstr(&m, name, len);
	p9_put32(&m, flags);
	p9_put32(&m, mode);
	p9_put32(&m, gid);
	rc = CALL(dev, &m, r, &in);
	return rc ? rc : qid_iounit_reply(&in, qid, iounit);
}

static uint32_t clamp_io(struct uk_9p_dev *dev, uint32_t count)
{
	uint32_t max = uk_9p_iosize(dev);

	return count > max ? max : count;
}

/* Tread and Treaddir share their shape: fid offset count -> count data. */
static long read_like(struct uk_9p_dev *dev, uint8_t type, uint32_t fid, uint64_t offset,
		      void *buf, uint32_t count)
{
	uint8_t t[SMALL], r[UK_9P_RHDR];
	struct p9_out m;
	struct p9_in in;

	count = clamp_io(dev, count);
	p9_out_start(&m, t, sizeof(t), type);
	p9_put32(&m, fid);
	p9_put64(&m, offset);
	p9_put32(&m, count);
	return count_reply(p9_rpc(dev, &m, 0, 0, r, sizeof(r), buf, count, &in), &in, count);
}

long uk_9p_read(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, void *buf, uint32_t count)
{
	long n = read_like(dev, P9_TREAD, fid, offset, buf, count);

	if (n > 0)
		dev->stats.bytes_read += (uint64_t)n;
	return n;
}

long uk_9p_readdir(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, void *buf, uint32_t count)
{
	return read_like(dev, P9_TREADDIR, fid, offset, buf, count);
}

long uk_9p_write(struct uk_9p_dev *dev, uint32_t fid, uint64_t offset, const void *buf,
		 uint32_t count)
{
	uint8_t t[SMALL], r[UK_9P_RHDR];
	struct p9_out m;
	struct p9_in in;
	long n;

	REFUSE_IF_READONLY(dev);
	count = clamp_io(dev, count);
	p9_out_start(&m, t, sizeof(t), P9_TWRITE);
	p9_put32(&m, fid);
	p9_put64(&m, offset);
	p9_put32(&m, count);
	n = count_reply(p9_rpc(dev, &m, buf, count, r, sizeof(r), 0, 0, &in), &in, count);
	if (n > 0)
		dev->stats.bytes_written += (uint64_t)n;
	return n;
}

/* A request whose reply has no body: fid (plus a u32) in, nothing out. */
static int simple(struct uk_9p_dev *dev, uint8_t type, uint32_t fid, int with_arg, uint32_t arg)
{
	uint8_t t[SMALL], r[RSMALL];
	struct p9_out m;
	struct p9_in in;

	p9_out_start(&m, t, sizeof(t), type);
	p9_put32(&m, fid);
	if (with_arg)
		p9_put32(&m, arg);
	return CALL(dev, &m, r, &in);
}

int uk_9p_clunk(struct uk_9p_dev *dev, uint32_t fid)
{
	int rc = simple(dev, P9_TCLUNK, fid, 0, 0);

	/* The fid is gone even when the server complains (9P: clunk always frees it). */
	uk_9p_fid_free(dev, fid);
	return rc;
}

int uk_9p_fsync(struct uk_9p_dev *dev, uint32_t fid, int datasync)
{
	return simple(dev, P9_TFSYNC, fid, 1, datasync ? 1 : 0);
}

int uk_9p_getattr(struct uk_9p_dev *dev, uint32_t fid, uint64_t mask, struct uk_9p_attr *a)
{
	uint8_t t[SMALL], r[RSMALL];
	struct p9_out m;
	struct p9_in in;
	int rc;

	p9_out_start(&m, t, sizeof(t), P9_TGETATTR);
	p9_put32(&m, fid);
	p9_put64(&m, mask);
	rc = CALL(dev, &m, r, &in);
	if (rc)
		return rc;
	a->valid = p9_get64(&in);
	p9_getqid(&in, &a->qid);
	a->mode = p9_get32(&in);
	a->uid = p9_get32(&in);
	a->gid = p9_get32(&in);
	a->nlink = p9_get64(&in);
	a->rdev = p9_get64(&in);
	a->size = p9_get64(&in);
	a->blksize = p9_get64(&in);
	a->blocks = p9_get64(&in);
	a->atime_sec = p9_get64(&in);
	a->atime_nsec = p9_get64(&in);
	a->mtime_sec = p9_get64(&in);
	a->mtime_nsec = p9_get64(&in);
	a->ctime_sec = p9_get64(&in);
	a->ctime_nsec = p9_get64(&in);
	/* btime, gen and data_version follow; nothing here uses them. */
	return in.bad ? -UK_9P_EIO : 0;
}

int uk_9p_setattr(struct uk_9p_dev *dev, uint32_t fid, const struct uk_9p_setattr *a)
{
	uint8_t t[SMALL + 64], r[RSMALL];
	struct p9_out m;
	struct p9_in in;

	REFUSE_IF_READONLY(dev);
	p9_out_start(&m, t, sizeof(t), P9_TSETATTR);
	p9_put32(&m, fid);
	p9_put32(&m, a->valid);
	p9_put32(&m, a->mode);
	p9_put32(&m, a->uid);
	p9_put32(&m, a->gid);
	p9_put64(&m, a->size);
	p9_put64(&m, a->atime_sec);
	p9_put64(&m, a->atime_nsec);
	p9_put64(&m, a->mtime_sec);
	p9_put64(&m, a->mtime_nsec);
	return CALL(dev, &m, r, &in);
}

int uk_9p_dirent_next(const void *buf, size_t len, size_t *pos, struct uk_9p_dirent *ent)
{
	struct p9_in in = { buf, (uint32_t)len, (uint32_t)*pos, 0 };

	if (*pos >= len)
		return 0;
	p9_getqid(&in, &ent->qid);
	ent->offset = p9_get64(&in);
	ent->type = p9_get8(&in);
	ent->name = p9_getstr(&in, &ent->name_len);
	if (in.bad)
		return -UK_9P_EIO;
	*pos = in.pos;
	return 1;
}

int uk_9p_mkdir(struct uk_9p_dev *dev, uint32_t dfid, const char *name, size_t len, uint32_t mode,
		uint32_t gid, struct uk_9p_qid *qid)
{
	uint8_t t[ONE_NAME], r[RSMALL];
	struct p9_out m;
	struct p9_in in;

	REFUSE_IF_READONLY(dev);
	if (!name_ok(len))
		return len ? -UK_9P_ENAMETOOLONG : -UK_9P_EINVAL;
	p9_out_start(&m, t, sizeof(t), P9_TMKDIR);
	p9_put32(&m, dfid);
	p9_putstr(&m, name, len);
	p9_put32(&m, mode);
	p9_put32(&m, gid);
	return qid_reply(CALL(dev, &m, r, &in), &in, qid);
}

#define EOPNOTSUPP_9P 95
#define ENOTDIR_9P 20
#define EISDIR_9P 21
#define S_IFMT_9P 0170000
#define S_IFDIR_9P 0040000

/* A fresh fid walked to name in directory dfid (for the fallbacks below). */
static long walk_one(struct uk_9p_dev *dev, uint32_t dfid, const char *name, size_t len)
{
	long fid = uk_9p_fid_alloc(dev);
	int rc;

	if (fid < 0)
		return fid;
	rc = uk_9p_walk(dev, dfid, (uint32_t)fid, 1, &name, &len, 0);
	if (rc != 1) {
		uk_9p_fid_free(dev, (uint32_t)fid);
		return rc < 0 ? rc : -UK_9P_EIO;
	}
	return fid;
}

/*
 * Servers without Tunlinkat (diod answers EOPNOTSUPP) get what Linux's
 * client sends them instead: a walk to the name, then Tremove (which also
 * clunks the fid), after checking the type unlinkat's flags ask for.
 */
static int unlink_by_remove(struct uk_9p_dev *dev, uint32_t dfid, const char *name, size_t len,
			    uint32_t flags)
{
	uint8_t t[SMALL], r[RSMALL];
	struct uk_9p_attr a;
	struct p9_out m;
	struct p9_in in;
	long fid = walk_one(dev, dfid, name, len);
	int rc, dir;

	if (fid < 0)
		return (int)fid;
	rc = uk_9p_getattr(dev, (uint32_t)fid, UK_9P_GETATTR_MODE, &a);
	dir = (a.mode & S_IFMT_9P) == S_IFDIR_9P;
	if (!rc && dir != !!(flags & UK_9P_AT_REMOVEDIR))
		rc = dir ? -EISDIR_9P : -ENOTDIR_9P;
	if (rc) {
		uk_9p_clunk(dev, (uint32_t)fid);
		return rc;
	}
	p9_out_start(&m, t, sizeof(t), P9_TREMOVE);
	p9_put32(&m, (uint32_t)fid);
	rc = CALL(dev, &m, r, &in);
	uk_9p_fid_free(dev, (uint32_t)fid); /* Tremove clunks it, whatever the result */
	return rc;
}

int uk_9p_unlinkat(struct uk_9p_dev *dev, uint32_t dfid, const char *name, size_t len,
		   uint32_t flags)
{
	uint8_t t[ONE_NAME], r[RSMALL];
	struct p9_out m;
	struct p9_in in;
	int rc;

	REFUSE_IF_READONLY(dev);
	if (!name_ok(len))
		return len ? -UK_9P_ENAMETOOLONG : -UK_9P_EINVAL;
	if (dev->no_unlinkat)
		return unlink_by_remove(dev, dfid, name, len, flags);
	p9_out_start(&m, t, sizeof(t), P9_TUNLINKAT);
	p9_put32(&m, dfid);
	p9_putstr(&m, name, len);
	p9_put32(&m, flags);
	rc = CALL(dev, &m, r, &in);
	if (rc != -EOPNOTSUPP_9P)
		return rc;
	dev->no_unlinkat = 1;
	return unlink_by_remove(dev, dfid, name, len, flags);
}

/* Trename for servers without Trenameat: move the file a walked fid names. */
static int rename_by_fid(struct uk_9p_dev *dev, uint32_t olddfid, const char *oldname,
			 size_t oldlen, uint32_t newdfid, const char *newname, size_t newlen)
{
	uint8_t t[ONE_NAME], r[RSMALL];
	struct p9_out m;
	struct p9_in in;
	long fid = walk_one(dev, olddfid, oldname, oldlen);
	int rc;

	if (fid < 0)
		return (int)fid;
	p9_out_start(&m, t, sizeof(t), P9_TRENAME);
	p9_put32(&m, (uint32_t)fid);
	p9_put32(&m, newdfid);
	p9_putstr(&m, newname, newlen);
	rc = CALL(dev, &m, r, &in);
	uk_9p_clunk(dev, (uint32_t)fid);
	return rc;
}

int uk_9p_renameat(struct uk_9p_dev *dev, uint32_t olddfid, const char *oldname, size_t oldlen,
		   uint32_t newdfid, const char *newname, size_t newlen)
{
	uint8_t t[ONE_NAME + 6 + NAME_MAX_9P], r[RSMALL];
	struct p9_out m;
	struct p9_in in;
	int rc;

	REFUSE_IF_READONLY(dev);
	if (!name_ok(oldlen) || !name_ok(newlen))
		return oldlen && newlen ? -UK_9P_ENAMETOOLONG : -UK_9P_EINVAL;
	if (dev->no_renameat)
		return rename_by_fid(dev, olddfid, oldname, oldlen, newdfid, newname, newlen);
	p9_out_start(&m, t, sizeof(t), P9_TRENAMEAT);
	p9_put32(&m, olddfid);
	p9_putstr(&m, oldname, oldlen);
	p9_put32(&m, newdfid);
	p9_putstr(&m, newname, newlen);
	rc = CALL(dev, &m, r, &in);
	if (rc != -EOPNOTSUPP_9P)
		return rc;
	dev->no_renameat = 1;
	return rename_by_fid(dev, olddfid, oldname, oldlen, newdfid, newname, newlen);
}

int uk_9p_statfs(struct uk_9p_dev *dev, uint32_t fid, struct uk_9p_statfs *st)
{
	uint8_t t[SMALL], r[RSMALL];
	struct p9_out m;
	struct p9_in in;
	int rc;

	p9_out_start(&m, t, sizeof(t), P9_TSTATFS);
	p9_put32(&m, fid);
	rc = CALL(dev, &m, r, &in);
	if (rc)
		return rc;
	st->type = p9_get32(&in);
	st->bsize = p9_get32(&in);
	st->blocks = p9_get64(&in);
	st->bfree = p9_get64(&in);
	st->bavail = p9_get64(&in);
	st->files = p9_get64(&in);
	st->ffree = p9_get64(&in);
	st->fsid = p9_get64(&in);
	st->namelen = p9_get32(&in);
	return in.bad ? -UK_9P_EIO : 0;
}

int uk_9p_symlink(struct uk_9p_dev *dev, uint32_t dfid, const char *name, size_t len,
		  const char *target, size_t target_len, uint32_t gid, struct uk_9p_qid *qid)
{
	uint8_t t[ONE_NAME + 2 + PATH_MAX_9P], r[RSMALL];
	struct p9_out m;
	struct p9_in in;

	REFUSE_IF_READONLY(dev);
	if (!name_ok(len))
		return len ? -UK_9P_ENAMETOOLONG : -UK_9P_EINVAL;
	if (!target_len || target_len >= PATH_MAX_9P)
		return target_len ? -UK_9P_ENAMETOOLONG : -UK_9P_EINVAL;
	p9_out_start(&m, t, sizeof(t), P9_TSYMLINK);
	p9_put32(&m, dfid);
	p9_putstr(&m, name, len);
	p9_putstr(&m, target, target_len);
	p9_put32(&m, gid);
	return qid_reply(CALL(dev, &m, r, &in), &in, qid);
}

long uk_9p_readlink(struct uk_9p_dev *dev, uint32_t fid, char *buf, size_t len)
{
	uint8_t t[SMALL], r[UK_9P_HDR + 2 + PATH_MAX_9P];
	struct p9_out m;
	struct p9_in in;
	const char *s;
	uint16_t n;
	int rc;

	p9_out_start(&m, t, sizeof(t), P9_TREADLINK);
	p9_put32(&m, fid);
	rc = CALL(dev, &m, r, &in);
	if (rc)
		return rc;
	s = p9_getstr(&in, &n);
	if (in.bad)
		return -UK_9P_EIO;
	if (n > len)
		n = (uint16_t)len;
	for (uint16_t i = 0; i < n; i++)
		buf[i] = s[i];
	return n;
}
