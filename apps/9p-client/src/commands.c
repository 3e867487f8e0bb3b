/*
 * The commands of the 9p-client app over the raw client: each walks its
 * path(s), does one job with as few messages as a filesystem would, clunks
 * what it walked and prints one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client.h"
#include "commands.h"

#define O_RDONLY_ 0
#define O_WRONLY_ 01
#define O_RDWR_ 02
#define O_CREAT_ 0100
#define O_TRUNC_ 01000
#define O_DIRECTORY_ 0200000

static unsigned char io[1 << 20];

static long open_path(const char *path, uint32_t flags)
{
	long fid = walk_path(path, 0, 0, 0);
	int rc;

	if (fid < 0)
		return fid;
	rc = uk_9p_lopen(dev, (uint32_t)fid, flags, 0, 0);
	if (rc) {
		uk_9p_clunk(dev, (uint32_t)fid);
		return rc;
	}
	return fid;
}

/* Create (or truncate) path for writing: a fid open on it. */
static long create_path(const char *path)
{
	const char *name;
	size_t len;
	long fid = walk_path(path, 1, &name, &len);
	int rc;

	if (fid < 0)
		return fid;
	rc = uk_9p_lcreate(dev, (uint32_t)fid, name, len, O_WRONLY_ | O_CREAT_ | O_TRUNC_, 0644, 0, 0, 0);
	if (rc == -17) {
		/* It exists: open it with O_TRUNC instead (as open(2) with O_CREAT does). */
		uk_9p_clunk(dev, (uint32_t)fid);
		return open_path(path, O_WRONLY_ | O_TRUNC_);
	}
	if (rc) {
		uk_9p_clunk(dev, (uint32_t)fid);
		return rc;
	}
	return fid;
}

static long write_all(uint32_t fid, uint64_t off, const unsigned char *buf, uint64_t n)
{
	while (n) {
		long w = uk_9p_write(dev, fid, off, buf, n > 0xffffffffu ? 0xffffffffu : (uint32_t)n);

		if (w <= 0)
			return w ? w : -5;
		off += (uint64_t)w;
		buf += w;
		n -= (uint64_t)w;
	}
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry of an open directory but . and .., sorted; returns the count or -errno. */
static long list_dir(uint32_t fid, char ***out)
{
	static char *names[20000];
	long n = 0, got;
	uint64_t off = 0;
	struct uk_9p_dirent e;

	while ((got = uk_9p_readdir(dev, fid, off, io, 65536)) > 0) {
		size_t pos = 0;
		int r;

		while ((r = uk_9p_dirent_next(io, (size_t)got, &pos, &e)) == 1) {
			off = e.offset;
			if ((e.name_len == 1 && e.name[0] == '.') ||
			    (e.name_len == 2 && e.name[0] == '.' && e.name[1] == '.'))
				continue;
			if (n == (long)(sizeof(names) / sizeof(names[0])))
				return -12;
			names[n] = malloc(e.name_len + 3);
			memcpy(names[n], e.name, e.name_len);
			names[n][e.name_len] = '\0';
			names[n][e.name_len + 1] = (char)e.type;
			n++;
		}
		if (r < 0)
			return r;
	}
	if (got < 0)
		return got;
	qsort(names, (size_t)n, sizeof(names[0]), cmp_names);
	*out = names;
	return n;
}

long cmd_ls(char **a)
{
	long fid = open_path(a[0], O_RDONLY_ | O_DIRECTORY_), n;
	char **names;

	if (fid < 0)
		return fid;
	n = list_dir((uint32_t)fid, &names);
	uk_9p_clunk(dev, (uint32_t)fid);
	if (n < 0)
		return n;
	printf("ls %s\n", a[0]);
	for (long i = 0; i < n; i++) {
		unsigned t = (unsigned char)names[i][strlen(names[i]) + 1];

		printf("  %s %s\n", names[i], t == 4 ? "dir" : t == 10 ? "link" : t == 8 ? "file" : "other");
		free(names[i]);
	}
	return 0;
}

long cmd_sha256(char **a)
{
	long fid = open_path(a[0], O_RDONLY_), n;
	uint8_t d[32];

	if (fid < 0)
		return fid;
	n = hash_fid((uint32_t)fid, d);
	uk_9p_clunk(dev, (uint32_t)fid);
	if (n < 0)
		return n;
	printf("sha256 %s %ld ", a[0], n);
	print_hex(d, 32);
	printf("\n");
	return 0;
}

long cmd_put(char **a)
{
	uint64_t size = strtoull(a[1], 0, 0), seed = strtoull(a[2], 0, 0), off = 0;
	long fid = create_path(a[0]), rc = 0;

	if (fid < 0)
		return fid;
	while (!rc && off < size) {
		uint64_t n = size - off < sizeof(io) ? size - off : sizeof(io);

		for (uint64_t i = 0; i < n; i++) {
			uint64_t k = off + i;

			io[i] = (unsigned char)((seed + k * 131 + k / 256) & 0xff);
		}
		rc = write_all((uint32_t)fid, off, io, n);
		off += n;
	}
	if (!rc)
		rc = uk_9p_fsync(dev, (uint32_t)fid, 0);
	uk_9p_clunk(dev, (uint32_t)fid);
	if (!rc)
		printf("put %s %llu\n", a[0], (unsigned long long)size);
	return rc;
}

long cmd_cp(char **a)
{
	long in = open_path(a[0], O_RDONLY_), out, n, rc = 0;
	uint64_t off = 0;

	if (in < 0)
		return in;
	out = create_path(a[1]);
	if (out < 0) {
		uk_9p_clunk(dev, (uint32_t)in);
		return out;
	}
	while ((n = uk_9p_read(dev, (uint32_t)in, off, io, sizeof(io))) > 0) {
		rc = write_all((uint32_t)out, off, io, (uint64_t)n);
		if (rc)
			break;
		off += (uint64_t)n;
	}
	if (n < 0)
		rc = n;
	uk_9p_clunk(dev, (uint32_t)in);
	uk_9p_clunk(dev, (uint32_t)out);
	if (!rc)
		printf("cp %s %s %llu\n", a[0], a[1], (unsigned long long)off);
	return rc;
}

long cmd_mv(char **a)
{
	const char *on, *nn;
	size_t ol, nl;
	long of = walk_path(a[0], 1, &on, &ol), nf, rc;

	if (of < 0)
		return of;
	nf = walk_path(a[1], 1, &nn, &nl);
	if (nf < 0) {
		uk_9p_clunk(dev, (uint32_t)of);
		return nf;
	}
	rc = uk_9p_renameat(dev, (uint32_t)of, on, ol, (uint32_t)nf, nn, nl);
	uk_9p_clunk(dev, (uint32_t)of);
	uk_9p_clunk(dev, (uint32_t)nf);
	if (!rc)
		printf("mv %s %s\n", a[0], a[1]);
	return rc;
}

static long unlink_path(const char *path, uint32_t flags)
{
	const char *name;
	size_t len;
	long fid = walk_path(path, 1, &name, &len), rc;

	if (fid < 0)
		return fid;
	rc = uk_9p_unlinkat(dev, (uint32_t)fid, name, len, flags);
	uk_9p_clunk(dev, (uint32_t)fid);
	return rc;
}

long cmd_rm(char **a)
{
	long rc = unlink_path(a[0], 0);

	if (!rc)
		printf("rm %s\n", a[0]);
	return rc;
}

long cmd_rmdir(char **a)
{
	long rc = unlink_path(a[0], UK_9P_AT_REMOVEDIR);

	if (!rc)
		printf("rmdir %s\n", a[0]);
	return rc;
}

long cmd_mkdir(char **a)
{
	const char *name;
	size_t len;
	long fid = walk_path(a[0], 1, &name, &len), rc;

	if (fid < 0)
		return fid;
	rc = uk_9p_mkdir(dev, (uint32_t)fid, name, len, 0755, 0, 0);
	uk_9p_clunk(dev, (uint32_t)fid);
	if (!rc)
		printf("mkdir %s\n", a[0]);
	return rc;
}

long cmd_ln(char **a)
{
	const char *name;
	size_t len;
	long fid = walk_path(a[1], 1, &name, &len), rc;

	if (fid < 0)
		return fid;
	rc = uk_9p_symlink(dev, (uint32_t)fid, name, len, a[0], strlen(a[0]), 0, 0);
	uk_9p_clunk(dev, (uint32_t)fid);
	if (!rc)
		printf("ln %s %s\n", a[0], a[1]);
	return rc;
}

long cmd_readlink(char **a)
{
	char buf[4096];
	long fid = walk_path(a[0], 0, 0, 0), n;

	if (fid < 0)
		return fid;
	n = uk_9p_readlink(dev, (uint32_t)fid, buf, sizeof(buf));
	uk_9p_clunk(dev, (uint32_t)fid);
	if (n < 0)
		return n;
	printf("readlink %s %.*s\n", a[0], (int)n, buf);
	return 0;
}

long cmd_stat(char **a)
{
	struct uk_9p_attr at;
	long fid = walk_path(a[0], 0, 0, 0), rc;

	if (fid < 0)
		return fid;
	rc = uk_9p_getattr(dev, (uint32_t)fid, UK_9P_GETATTR_BASIC, &at);
	uk_9p_clunk(dev, (uint32_t)fid);
	if (!rc)
		printf("stat %s %o %llu %llu\n", a[0], at.mode, (unsigned long long)at.size,
		       (unsigned long long)at.nlink);
	return rc;
}

long cmd_statfs(char **a)
{
	struct uk_9p_statfs st;
	long rc = uk_9p_statfs(dev, root_fid, &st);

	(void)a;
	if (!rc)
		printf("statfs %u %u\n", st.bsize, st.namelen);
	return rc;
}

/* N small files: create, then list and check, then remove; prints counts only. */
long cmd_many(char **a)
{
	unsigned long n = strtoul(a[1], 0, 0), listed;
	char path[512], **names;
	long rc = 0, dfid;

	for (unsigned long k = 0; !rc && k < n; k++) {
		long fid;
		unsigned long len = k % 64;

		snprintf(path, sizeof(path), "%s/f%lu", a[0], k);
		fid = create_path(path);
		if (fid < 0)
			return fid;
		memset(io, '0' + (int)(k % 10), len);
		rc = write_all((uint32_t)fid, 0, io, len);
		uk_9p_clunk(dev, (uint32_t)fid);
	}
	if (rc)
		return rc;
	dfid = open_path(a[0], O_RDONLY_ | O_DIRECTORY_);
	if (dfid < 0)
		return dfid;
	rc = list_dir((uint32_t)dfid, &names);
	uk_9p_clunk(dev, (uint32_t)dfid);
	if (rc < 0)
		return rc;
	listed = (unsigned long)rc;
	for (long i = 0; i < rc; i++)
		free(names[i]);
	printf("many %s created %lu listed %lu\n", a[0], n, listed);
	return 0;
}

long cmd_threads_args(char **a)
{
	return cmd_threads((unsigned)strtoul(a[0], 0, 0), strtoull(a[1], 0, 0));
}
