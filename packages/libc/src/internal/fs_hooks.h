/*
 * The system calls libc's files, directories and paths use: the raw entries
 * of @uk/fdtab (read, write, lseek, close, getdents64, fstat) and @uk/vfs
 * (openat, unlink, rmdir, newfstatat, readlink, getcwd), as weak
 * references so that libc requires neither. Without them in the image,
 * UK_FS_CALL answers -ENOSYS: fopen fails with ENOSYS rather than the link.
 */
#ifndef _UK_LIBC_FS_HOOKS_H
#define _UK_LIBC_FS_HOOKS_H

#include <errno.h>

#define __UK_WEAK __attribute__((weak))
extern long uk_syscall_r_read(long fd, long buf, long len) __UK_WEAK;
extern long uk_syscall_r_write(long fd, long buf, long len) __UK_WEAK;
extern long uk_syscall_r_lseek(long fd, long off, long whence) __UK_WEAK;
extern long uk_syscall_r_close(long fd) __UK_WEAK;
extern long uk_syscall_r_fstat(long fd, long st) __UK_WEAK;
extern long uk_syscall_r_fcntl(long fd, long cmd, long arg) __UK_WEAK;
extern long uk_syscall_r_getdents64(long fd, long buf, long len) __UK_WEAK;
extern long uk_syscall_r_openat(long dirfd, long path, long flags, long mode) __UK_WEAK;
extern long uk_syscall_r_unlink(long path) __UK_WEAK;
extern long uk_syscall_r_rmdir(long path) __UK_WEAK;
extern long uk_syscall_r_newfstatat(long dirfd, long path, long st, long flags) __UK_WEAK;
extern long uk_syscall_r_readlink(long path, long buf, long len) __UK_WEAK;
extern long uk_syscall_r_getcwd(long buf, long size) __UK_WEAK;
#undef __UK_WEAK

/* The raw call, or -ENOSYS when the library defining it is not in the image. */
#define UK_FS_CALL(name, ...) (uk_syscall_r_##name ? uk_syscall_r_##name(__VA_ARGS__) : -ENOSYS)

/* A raw result in the POSIX convention: -1 with errno set. */
static inline long __uk_fs_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

#endif
