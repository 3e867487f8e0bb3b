/*
 * What @uk/vfs offers beyond the POSIX calls it defines (open, stat,
 * mkdir, ... through @uk/syscall): mounting at run time. Mounts chosen at
 * boot come from the app's manifest and the command line (README.md); an
 * app or a test may add more with uk_vfs_mount.
 */
#ifndef UK_VFS_H
#define UK_VFS_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Mount a filesystem of type fstype ("ramfs", "9p") from source (a 9P mount
 * tag; "" when the type needs none) on the directory path, which is created
 * when missing. flags: UK_VFS_MOUNT_RDONLY (<uk/vfs_driver.h>, value 1).
 * Returns 0 or -errno (-ENODEV: no such filesystem type in the image).
 */
int uk_vfs_mount(const char *fstype, const char *source, const char *path, unsigned flags);

/*
 * Mount from one specification "FSTYPE:SOURCE:PATH[:ro]", the syntax of the
 * vfs.mount.<N> parameter and of the mounts option. Returns 0 or -errno
 * (-EINVAL for a malformed specification).
 */
int uk_vfs_mount_spec(const char *spec);

/*
 * The raw system-call entries @uk/vfs defines (result or -errno), for
 * run-time dispatch and other libraries; the POSIX functions of the same
 * names are declared in <fcntl.h>, <unistd.h>, <sys/stat.h>, <sys/time.h>,
 * <stdio.h>.
 */
long uk_syscall_r_open(long a1, long a2, long a3);
long uk_syscall_r_openat(long a1, long a2, long a3, long a4);
long uk_syscall_r_creat(long a1, long a2);
long uk_syscall_r_umask(long a1);
long uk_syscall_r_stat(long a1, long a2);
long uk_syscall_r_lstat(long a1, long a2);
long uk_syscall_r_newfstatat(long a1, long a2, long a3, long a4);
long uk_syscall_r_access(long a1, long a2);
long uk_syscall_r_faccessat(long a1, long a2, long a3);
long uk_syscall_r_faccessat2(long a1, long a2, long a3, long a4);
long uk_syscall_r_readlink(long a1, long a2, long a3);
long uk_syscall_r_readlinkat(long a1, long a2, long a3, long a4);
long uk_syscall_r_chmod(long a1, long a2);
long uk_syscall_r_fchmod(long a1, long a2);
long uk_syscall_r_fchmodat(long a1, long a2, long a3);
long uk_syscall_r_mkdir(long a1, long a2);
long uk_syscall_r_mkdirat(long a1, long a2, long a3);
long uk_syscall_r_rmdir(long a1);
long uk_syscall_r_unlink(long a1);
long uk_syscall_r_unlinkat(long a1, long a2, long a3);
long uk_syscall_r_symlink(long a1, long a2);
long uk_syscall_r_symlinkat(long a1, long a2, long a3);
long uk_syscall_r_rename(long a1, long a2);
long uk_syscall_r_renameat(long a1, long a2, long a3, long a4);
long uk_syscall_r_renameat2(long a1, long a2, long a3, long a4, long a5);
long uk_syscall_r_truncate(long a1, long a2);
long uk_syscall_r_chdir(long a1);
long uk_syscall_r_fchdir(long a1);
long uk_syscall_r_getcwd(long a1, long a2);
long uk_syscall_r_chown(long a1, long a2, long a3);
long uk_syscall_r_lchown(long a1, long a2, long a3);
long uk_syscall_r_fchown(long a1, long a2, long a3);
long uk_syscall_r_fchownat(long a1, long a2, long a3, long a4, long a5);
long uk_syscall_r_utimensat(long a1, long a2, long a3, long a4);
long uk_syscall_r_utimes(long a1, long a2);

#ifdef __cplusplus
}
#endif

#endif /* UK_VFS_H */
