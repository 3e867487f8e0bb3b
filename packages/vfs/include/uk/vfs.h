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

#ifdef __cplusplus
}
#endif

#endif /* UK_VFS_H */
