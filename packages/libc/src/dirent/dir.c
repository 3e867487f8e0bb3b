/*
 * opendir, fdopendir, readdir, closedir, rewinddir, dirfd, telldir,
 * seekdir. A DIR holds one getdents64 buffer; readdir hands out records
 * from it in place. A directory's offset is the filesystem's cookie, so
 * telldir is the cookie of the next record and seekdir seeks to it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#include "fs_hooks.h"

#define DIR_BUF 4096

struct __uk_dir {
	int fd;
	size_t pos, end;
	long next_off; /* offset of the record at pos */
	char buf[DIR_BUF] __attribute__((aligned(8)));
};

DIR *fdopendir(int fd)
{
	DIR *d = malloc(sizeof(*d));

	if (!d) {
		errno = ENOMEM;
		return 0;
	}
	d->fd = fd;
	d->pos = d->end = 0;
	d->next_off = 0;
	return d;
}

DIR *opendir(const char *path)
{
	long fd = UK_FS_CALL(openat, AT_FDCWD, (long)path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	DIR *d;

	if (fd < 0) {
		errno = (int)-fd;
		return 0;
	}
	d = fdopendir((int)fd);
	if (!d)
		UK_FS_CALL(close, fd);
	return d;
}

struct dirent *readdir(DIR *d)
{
	struct dirent *e;

	if (d->pos >= d->end) {
		long n = UK_FS_CALL(getdents64, d->fd, (long)d->buf, DIR_BUF);

		if (n <= 0) {
			if (n < 0)
				errno = (int)-n;
			return 0; /* the end: errno untouched */
		}
		d->pos = 0;
		d->end = (size_t)n;
	}
	e = (struct dirent *)(d->buf + d->pos);
	d->pos += e->d_reclen;
	d->next_off = e->d_off;
	return e;
}

int closedir(DIR *d)
{
	long r = UK_FS_CALL(close, d->fd);

	free(d);
	return (int)__uk_fs_ret(r);
}

void seekdir(DIR *d, long pos)
{
	UK_FS_CALL(lseek, d->fd, pos, SEEK_SET);
	d->pos = d->end = 0;
	d->next_off = pos;
}

void rewinddir(DIR *d)
{
	seekdir(d, 0);
}

long telldir(DIR *d)
{
	return d->next_off;
}

int dirfd(DIR *d)
{
	return d->fd;
}
