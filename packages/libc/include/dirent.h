/*
 * Directories: opendir/readdir/closedir/rewinddir over getdents64, with
 * Linux's struct dirent64 layout (struct dirent is the same). Implemented
 * by @uk/libc over the getdents64 of @uk/fdtab and the open of @uk/vfs;
 * without them opendir fails with ENOSYS.
 */
#ifndef _UK_LIBC_DIRENT_H
#define _UK_LIBC_DIRENT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};
#define dirent64 dirent

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

typedef struct __uk_dir DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
void rewinddir(DIR *d);
int dirfd(DIR *d);
long telldir(DIR *d);
void seekdir(DIR *d, long pos);
ssize_t getdents64(int fd, void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
