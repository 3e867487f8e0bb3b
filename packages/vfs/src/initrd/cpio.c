/*
 * The initrd feature: at boot, after "/" is mounted, the platform's initrd
 * (uk_plat_initrd) is unpacked into it. The format is cpio "newc" (what
 * `uk run --initrd DIR` packs, and `cpio -H newc` writes): a 110-byte ASCII
 * header (magic 070701, then 13 fields of 8 hex digits), the NUL-terminated
 * name, the data, each padded to 4 bytes, up to the entry TRAILER!!!.
 * Directories, regular files and symbolic links are made through the
 * system calls, with the archive's permission bits (no umask); other kinds
 * are skipped. A damaged archive stops boot with one line saying where.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <uk/file.h>
#include <uk/plat.h>
#include <uk/vfs.h>

#include "../say.h"
#include "../vfs.h"

#define HDR 110
#define F_MODE 1
#define F_FILESIZE 6
#define F_NAMESIZE 11

static int hex8(const char *p, unsigned long *out)
{
	unsigned long v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static int bad(size_t at, const char *why)
{
	char num[24];

	vfs_fmt_key(num, sizeof(num), "", (int)at);
	vfs_say("[uk-vfs] initrd: ", why, " at byte ");
	vfs_say(num, " (uk run --initrd takes a directory or an uncompressed cpio newc archive)", "\n");
	return -EINVAL;
}

static int failed(const char *name, long r)
{
	vfs_say("[uk-vfs] initrd: cannot make /", name, ": ");
	vfs_say(strerror((int)-r), "\n", "");
	return (int)r;
}

static long write_file(const char *name, unsigned mode, const char *data, size_t len)
{
	long fd = uk_syscall_r_openat(AT_FDCWD, (long)name, O_WRONLY | O_CREAT | O_TRUNC, mode & 07777);
	long r = 0;

	if (fd < 0)
		return fd;
	while (len) {
		long k = uk_syscall_r_write(fd, (long)data, (long)len);

		if (k <= 0) {
			r = k ? k : -EIO;
			break;
		}
		data += k;
		len -= (size_t)k;
	}
	uk_syscall_r_close(fd);
	return r;
}

static long make(const char *name, unsigned long mode, const char *data, size_t len)
{
	long r;
	char *target;

	switch (mode & 0170000) {
	case 0040000:
		r = uk_syscall_r_mkdir((long)name, (long)(mode & 07777));
		if (r == -EEXIST)
			r = uk_syscall_r_chmod((long)name, (long)(mode & 07777));
		return r;
	case 0100000:
		return write_file(name, (unsigned)mode, data, len);
	case 0120000:
		if (!len || len >= VFS_PATH_MAX)
			return -EINVAL;
		target = malloc(len + 1); /* not on the small boot stack */
		if (!target)
			return -ENOMEM;
		memcpy(target, data, len);
		target[len] = 0;
		r = uk_syscall_r_symlink((long)target, (long)name);
		free(target);
		return r;
	default:
		return 0; /* devices, fifos, sockets: nothing to make here */
	}
}

static int unpack(const char *a, size_t size)
{
	size_t at = 0;

	while (at + HDR <= size) {
		const char *h = a + at, *name, *data;
		unsigned long f[13];
		size_t namesize, filesize;
		long r;

		if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
			return bad(at, "not a cpio newc header");
		for (int i = 0; i < 13; i++)
			if (hex8(h + 6 + 8 * i, &f[i]) < 0)
				return bad(at, "a header field that is not hexadecimal");
		namesize = f[F_NAMESIZE];
		filesize = f[F_FILESIZE];
		if (!namesize || at + pad4(HDR + namesize) > size ||
		    a[at + HDR + namesize - 1] != 0)
			return bad(at, "a name that does not fit");
		name = a + at + HDR;
		data = a + at + pad4(HDR + namesize);
		if ((size_t)(data - a) + filesize > size)
			return bad(at, "data past the end of the archive");
		if (!strcmp(name, "TRAILER!!!"))
			return 0;
		while (name[0] == '.' && name[1] == '/')
			name += 2;
		while (name[0] == '/')
			name++;
		if (name[0] && strcmp(name, ".")) {
			r = make(name, f[F_MODE], data, filesize);
			if (r < 0)
				return failed(name, r);
		}
		at = (size_t)(data - a) + pad4(filesize);
	}
	return bad(at, "the archive ends without its TRAILER!!! entry");
}

int vfs_boot_initrd(void)
{
	const void *base;
	size_t len;
	unsigned umask_was = vfs_umask;
	int r;

	if (uk_plat_initrd(&base, &len) < 0)
		return 0; /* none given */
	vfs_umask = 0; /* the archive's modes as they are */
	r = unpack(base, len);
	vfs_umask = umask_was;
	return r;
}
