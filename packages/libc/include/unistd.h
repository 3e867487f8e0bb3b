/*
 * <unistd.h>. @uk/libc itself implements write() (the console through
 * descriptors 1 and 2, or any descriptor when @uk/fdtab is in the image),
 * _exit(), sleep()/usleep() (see <time.h>). The descriptor calls (read,
 * close, lseek, dup…) are implemented by @uk/fdtab, the path calls (access,
 * unlink, rmdir, chdir, getcwd, truncate, chown…) by @uk/vfs, the identity calls
 * (getpid…) by @uk/posix-process, syscall() by @uk/syscall-shim: an app
 * gets them by depending on those packages.
 */
#ifndef _UK_LIBC_UNISTD_H
#define _UK_LIBC_UNISTD_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#define SEEK_DATA 3
#define SEEK_HOLE 4

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

ssize_t write(int fd, const void *buf, size_t len);
__attribute__((noreturn)) void _exit(int status);
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);

/* @uk/fdtab */
ssize_t read(int fd, void *buf, size_t len);
ssize_t pread(int fd, void *buf, size_t len, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t len, off_t off);
off_t lseek(int fd, off_t off, int whence);
int close(int fd);
int dup(int fd);
int dup2(int fd, int newfd);
int dup3(int fd, int newfd, int flags);
int fsync(int fd);
int fdatasync(int fd);
int ftruncate(int fd, off_t len);
int isatty(int fd);
int pipe(int *fds);
int pipe2(int *fds, int flags);

/* @uk/posix-process: the answers of a single process */
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);

/* @uk/vfs */
int access(const char *path, int mode);
int faccessat(int dirfd, const char *path, int mode, int flags);
int unlink(const char *path);
int unlinkat(int dirfd, const char *path, int flags);
int rmdir(const char *path);
int chown(const char *path, uid_t owner, gid_t group);
int lchown(const char *path, uid_t owner, gid_t group);
int fchown(int fd, uid_t owner, gid_t group);
int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int fchdir(int fd);
int truncate(const char *path, off_t len);
ssize_t readlink(const char *__restrict path, char *__restrict buf, size_t len);
ssize_t readlinkat(int dirfd, const char *__restrict path, char *__restrict buf, size_t len);
int symlink(const char *target, const char *path);
int symlinkat(const char *target, int dirfd, const char *path);

/* @uk/syscall-shim */
long syscall(long nr, ...);

#ifdef __cplusplus
}
#endif

#endif
