/*
 * Open-file objects and the descriptor table, shared by everything that
 * hands out a file descriptor: the console, sockets, files of a file
 * system, pipes. A provider fills a struct uk_file_ops, makes a file
 * (uk_file_new, or uk_file_init for one it embeds), and installs it as a
 * descriptor; read, write, close, poll, select, dup, fcntl… then work on
 * that descriptor with no code of the provider's beyond its operations.
 *
 * References: a file lives while a descriptor or a caller holds it. Every
 * uk_fd_get is paired with uk_file_put; the last put calls ops->release.
 * Offsets: read/write pass pos = &f->pos and pread/pwrite a pointer to the
 * caller's offset, for a file with a seek operation; a file without one is a
 * stream (socket, pipe, console) and gets pos == NULL (pread on it: ESPIPE).
 * The operation advances *pos by what it transferred. O_APPEND is the
 * operation's to honour (it knows the size).
 *
 * Results are non-negative, or a negative errno (Linux values). Implemented
 * by @uk/fdtab, which also defines the system calls (through
 * <uk/syscall.h>) whose raw entries are declared at the end.
 */
#ifndef UK_FILE_H
#define UK_FILE_H

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_file;

/* Every member is optional: NULL gives the POSIX error for "not supported". */
struct uk_file_ops {
	ssize_t (*read)(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos);
	ssize_t (*write)(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos);
	/* The new offset from f->pos, off and whence (SEEK_SET/CUR/END); fdtab stores it. */
	off_t (*seek)(struct uk_file *f, off_t off, int whence);
	int (*stat)(struct uk_file *f, struct stat *st);
	/* Requests fdtab does not handle itself (it does FIONBIO, FIOCLEX, FIONCLEX). */
	int (*ioctl)(struct uk_file *f, unsigned long req, void *arg);
	int (*fsync)(struct uk_file *f, int datasync);
	int (*truncate)(struct uk_file *f, off_t len);
	ssize_t (*getdents64)(struct uk_file *f, void *buf, size_t len);
	/* POLLIN|POLLOUT|POLLERR|POLLHUP as ready now (NULL: always readable and writable). */
	unsigned (*poll)(struct uk_file *f);
	/* The last reference went: free what priv holds. */
	void (*release)(struct uk_file *f);
};

struct uk_file {
	const struct uk_file_ops *ops;
	void *priv;
	int flags;          /* O_ACCMODE | O_APPEND | O_NONBLOCK | … (fcntl F_GETFL) */
	unsigned int refs;
	off_t pos;          /* the offset read/write use and advance */
	unsigned int owned; /* made by uk_file_new: freed after release */
};

/* A new file with one reference (NULL: out of memory). */
struct uk_file *uk_file_new(const struct uk_file_ops *ops, void *priv, int flags);
/* Set up a file the caller embeds or keeps statically, with one reference; never freed by fdtab. */
void uk_file_init(struct uk_file *f, const struct uk_file_ops *ops, void *priv, int flags);
/* One more reference. */
struct uk_file *uk_file_get(struct uk_file *f);
/* One reference less; the last calls ops->release (and frees a uk_file_new file). */
void uk_file_put(struct uk_file *f);

/*
 * Install f as the lowest free descriptor >= min_fd, taking the caller's
 * reference. Returns the descriptor, or -EMFILE (-EINVAL for a bad min_fd),
 * in which case the reference is dropped.
 */
int uk_fd_install(struct uk_file *f, int min_fd, int cloexec);
/* The file behind fd with one more reference, or NULL (not open). */
struct uk_file *uk_fd_get(int fd);

/*
 * Readiness of f may have changed (data arrived, space freed, peer gone):
 * wakes the threads in poll/select/ppoll/pselect. May be called from an
 * interrupt handler.
 */
void uk_file_event(struct uk_file *f);

/*
 * Block until uk_file_event is called for any file, or until the monotonic
 * deadline (ns, UINT64_MAX for none). Returns 0, or -ETIMEDOUT. For a
 * provider's blocking read/write: test the condition, then wait, in a loop
 * (with a scheduler the test and the wait cannot miss an event in between;
 * without one, this idles the CPU for at most a millisecond).
 */
int uk_file_wait(uint64_t deadline);

/* ---- the raw system-call entries fdtab defines (result or -errno) ---- */
long uk_syscall_r_read(long fd, long buf, long len);
long uk_syscall_r_write(long fd, long buf, long len);
long uk_syscall_r_readv(long fd, long iov, long iovcnt);
long uk_syscall_r_writev(long fd, long iov, long iovcnt);
long uk_syscall_r_pread64(long fd, long buf, long len, long off);
long uk_syscall_r_pwrite64(long fd, long buf, long len, long off);
long uk_syscall_r_preadv(long fd, long iov, long iovcnt, long off);
long uk_syscall_r_pwritev(long fd, long iov, long iovcnt, long off);
long uk_syscall_r_lseek(long fd, long off, long whence);
long uk_syscall_r_close(long fd);
long uk_syscall_r_dup(long fd);
long uk_syscall_r_dup2(long fd, long newfd);
long uk_syscall_r_dup3(long fd, long newfd, long flags);
long uk_syscall_r_fcntl(long fd, long cmd, long arg);
long uk_syscall_r_ioctl(long fd, long req, long arg);
long uk_syscall_r_fstat(long fd, long st);
long uk_syscall_r_fsync(long fd);
long uk_syscall_r_fdatasync(long fd);
long uk_syscall_r_ftruncate(long fd, long len);
long uk_syscall_r_getdents64(long fd, long buf, long len);
long uk_syscall_r_poll(long fds, long nfds, long timeout_ms);
long uk_syscall_r_ppoll(long fds, long nfds, long ts, long sigmask, long sigsetsize);
long uk_syscall_r_select(long nfds, long rd, long wr, long ex, long tv);
long uk_syscall_r_pselect6(long nfds, long rd, long wr, long ex, long ts, long sigmask);
long uk_syscall_r_pipe(long fds);
long uk_syscall_r_pipe2(long fds, long flags);

#ifdef __cplusplus
}
#endif

#endif /* UK_FILE_H */
