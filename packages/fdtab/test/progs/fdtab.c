/*
 * fdtab on the host, no scheduler: a provider's file with every operation
 * counted (offsets, pread/pwrite, lseek, release exactly once), descriptor
 * exhaustion with a small table (built with max_fds=8), and poll/select
 * timeouts that idle rather than spin. The system calls are reached
 * directly (raw entries and POSIX names), never through syscall(), unless
 * built with WITH_DISPATCH. Prints "FAIL ..." per failed check, then
 * "OK fdtab".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/file.h>
#include <uk/plat.h>

extern unsigned long test_idle_calls, test_frees;
static int failures;

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			printf("FAIL %d: %s (errno %d)\n", __LINE__, #c, errno); \
			failures++;                                            \
		}                                                              \
	} while (0)

/* ---- a 64-byte in-memory file ---- */
struct memfile {
	char data[64];
	off_t size;
	int releases;
	unsigned ready;
};

static ssize_t mf_read(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	struct memfile *m = f->priv;
	ssize_t n = 0;

	for (int i = 0; i < iovcnt; i++) {
		size_t k = iov[i].iov_len;

		if (*pos >= m->size)
			break;
		if (k > (size_t)(m->size - *pos))
			k = (size_t)(m->size - *pos);
		memcpy(iov[i].iov_base, m->data + *pos, k);
		*pos += (off_t)k;
		n += (ssize_t)k;
	}
	return n;
}

static ssize_t mf_write(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	struct memfile *m = f->priv;
	ssize_t n = 0;

	if (f->flags & O_APPEND)
		*pos = m->size;
	for (int i = 0; i < iovcnt; i++) {
		size_t k = iov[i].iov_len;

		if (*pos + (off_t)k > (off_t)sizeof(m->data))
			return n ? n : -ENOSPC;
		memcpy(m->data + *pos, iov[i].iov_base, k);
		*pos += (off_t)k;
		if (*pos > m->size)
			m->size = *pos;
		n += (ssize_t)k;
	}
	return n;
}

static off_t mf_seek(struct uk_file *f, off_t off, int whence)
{
	struct memfile *m = f->priv;
	off_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->pos : m->size;

	if (whence > SEEK_END)
		return -EINVAL;
	return base + off < 0 ? -EINVAL : base + off;
}

static int mf_stat(struct uk_file *f, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | 0644;
	st->st_size = ((struct memfile *)f->priv)->size;
	return 0;
}

static int mf_truncate(struct uk_file *f, off_t len)
{
	((struct memfile *)f->priv)->size = len;
	return 0;
}

static unsigned mf_poll(struct uk_file *f)
{
	return ((struct memfile *)f->priv)->ready;
}

static void mf_release(struct uk_file *f)
{
	((struct memfile *)f->priv)->releases++;
}

static const struct uk_file_ops mf_ops = {
	.read = mf_read, .write = mf_write, .seek = mf_seek, .stat = mf_stat,
	.truncate = mf_truncate, .poll = mf_poll, .release = mf_release,
};

static void provider_file(void)
{
	struct memfile m = { .size = 0 };
	struct uk_file *f = uk_file_new(&mf_ops, &m, O_RDWR);
	char buf[16];
	struct stat st;
	int fd, d;

	CHECK(f != NULL);
	fd = uk_fd_install(f, 3, 0);
	CHECK(fd == 3);
	CHECK(uk_syscall_r_write(fd, (long)"hello world", 11) == 11);
	CHECK(lseek(fd, 0, SEEK_CUR) == 11);
	CHECK(lseek(fd, 6, SEEK_SET) == 6);
	CHECK(read(fd, buf, sizeof(buf)) == 5 && !memcmp(buf, "world", 5));
	CHECK(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL);
	/* pread/pwrite use the caller's offset and leave the file's alone */
	CHECK(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "hello", 5));
	CHECK(pwrite(fd, "J", 1, 0) == 1);
	CHECK(lseek(fd, 0, SEEK_CUR) == 11);
	CHECK(pread(fd, buf, 3, -1) == -1 && errno == EINVAL);
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 11);
	CHECK(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
	CHECK(ftruncate(fd, -1) == -1 && errno == EINVAL);
	/* status flags: O_APPEND through F_SETFL, the access mode kept */
	CHECK(fcntl(fd, F_SETFL, O_APPEND | O_RDONLY | O_CREAT) == 0);
	CHECK(fcntl(fd, F_GETFL) == (O_RDWR | O_APPEND));
	CHECK(write(fd, "!", 1) == 1 && pread(fd, buf, 6, 0) == 6 && !memcmp(buf, "Jello!", 6));
	/* one file, two descriptors: one offset; released once, after the last close */
	d = dup(fd);
	CHECK(d == 0 + 4);
	CHECK(lseek(d, 1, SEEK_SET) == 1 && lseek(fd, 0, SEEK_CUR) == 1);
	CHECK(close(fd) == 0 && m.releases == 0);
	CHECK(read(d, buf, 2) == 2 && !memcmp(buf, "el", 2));
	unsigned long frees = test_frees;
	CHECK(close(d) == 0 && m.releases == 1 && test_frees == frees + 1);
	CHECK(close(d) == -1 && errno == EBADF);
	CHECK(m.releases == 1);

	/* a write-only file refuses reads, and a file without ops says so */
	struct memfile m2 = { .size = 0 };
	struct uk_file f2;
	uk_file_init(&f2, &mf_ops, &m2, O_WRONLY);
	fd = uk_fd_install(&f2, 0, 1);
	CHECK(fd == 3 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(read(fd, buf, 1) == -1 && errno == EBADF);
	/* record locks: a lone process always gets them, within the access mode */
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	CHECK(fcntl(fd, F_SETLK, &lk) == 0 && fcntl(fd, F_SETLKW, &lk) == 0);
	CHECK(fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type == F_UNLCK);
	lk.l_type = F_RDLCK;
	CHECK(fcntl(fd, F_SETLK, &lk) == -1 && errno == EBADF);
	lk.l_type = 7;
	CHECK(fcntl(fd, F_SETLK, &lk) == -1 && errno == EINVAL);
	lk = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = -1 };
	CHECK(fcntl(fd, F_SETLK, &lk) == -1 && errno == EINVAL);
	lk = (struct flock){ .l_type = F_UNLCK, .l_whence = 9 };
	CHECK(fcntl(fd, F_GETLK, &lk) == -1 && errno == EINVAL);
	CHECK(close(fd) == 0 && m2.releases == 1 && test_frees == frees + 1);
	static const struct uk_file_ops none = { 0 };
	fd = uk_fd_install(uk_file_new(&none, NULL, O_RDWR), 0, 0);
	CHECK(read(fd, buf, 1) == -1 && errno == EINVAL);
	CHECK(pread(fd, buf, 1, 0) == -1 && errno == EINVAL);
	CHECK(lseek(fd, 0, SEEK_SET) == -1 && errno == ESPIPE);
	CHECK(fstat(fd, &st) == 0 && st.st_mode == 0);
	CHECK(ftruncate(fd, 0) == -1 && errno == EINVAL);
	struct pollfd pf = { fd, POLLIN | POLLOUT, 0 };
	CHECK(poll(&pf, 1, 0) == 1 && pf.revents == (POLLIN | POLLOUT));
	CHECK(close(fd) == 0);
}

#ifdef SMALL_TABLE
static void exhaustion(void)
{
	struct memfile m = { .size = 0 };
	int fds[8], n = 0, r;

	/* 0, 1, 2 are the console: 5 more fit in a table of 8 */
	for (;;) {
		r = uk_fd_install(uk_file_new(&mf_ops, &m, O_RDONLY), 0, 0);
		if (r < 0)
			break;
		fds[n++] = r;
	}
	CHECK(r == -EMFILE && n == 5 && fds[0] == 3 && fds[4] == 7);
	CHECK(m.releases == 1); /* the refused file was released at once */
	CHECK(dup(0) == -1 && errno == EMFILE);
	CHECK(fcntl(0, F_DUPFD, 8) == -1 && errno == EINVAL);
	CHECK(dup2(0, 8) == -1 && errno == EBADF);
	CHECK(uk_fd_install(uk_file_new(&mf_ops, &m, O_RDONLY), -1, 0) == -EINVAL);
	CHECK(close(fds[2]) == 0 && dup(0) == fds[2]);
	for (int i = 0; i < n; i++)
		CHECK(close(fds[i]) == 0);
	CHECK(m.releases == 7);
}
#endif

static void waiting(void)
{
	struct memfile m = { .size = 0, .ready = 0 };
	int fd = uk_fd_install(uk_file_new(&mf_ops, &m, O_RDWR), 0, 0);
	struct pollfd pf = { fd, POLLIN, 0 };
	uint64_t t0;
	unsigned long idles = test_idle_calls;

	t0 = uk_plat_monotonic_ns();
	CHECK(poll(&pf, 1, 60) == 0 && pf.revents == 0);
	t0 = uk_plat_monotonic_ns() - t0;
	CHECK(t0 >= 60000000ull && t0 < 1000000000ull);
	/* the wait idled (host sleeps) in slices of at most 1 ms: some, and never more than 60 */
	idles = test_idle_calls - idles;
	if (!(idles >= 1 && idles <= 61))
		printf("idle calls: %lu\n", idles);
	CHECK(idles >= 1 && idles <= 61);

	fd_set rd;
	struct timeval tv = { 0, 20000 };
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	t0 = uk_plat_monotonic_ns();
	CHECK(select(fd + 1, &rd, NULL, NULL, &tv) == 0 && !FD_ISSET(fd, &rd));
	CHECK(uk_plat_monotonic_ns() - t0 >= 20000000ull);

	m.ready = POLLIN | POLLHUP;
	FD_SET(fd, &rd);
	CHECK(select(fd + 1, &rd, NULL, NULL, NULL) == 1 && FD_ISSET(fd, &rd));
	CHECK(poll(&pf, 1, -1) == 1 && pf.revents == (POLLIN | POLLHUP));
	pf.events = POLLOUT;
	CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLHUP); /* hang-up is always reported */
	CHECK(select(FD_SETSIZE + 1, &rd, NULL, NULL, NULL) == -1 && errno == EINVAL);
	close(fd);
}

int test_main(void)
{
	provider_file();
#ifdef SMALL_TABLE
	exhaustion();
#endif
	waiting();
#ifdef WITH_DISPATCH
	CHECK(syscall(3 /* close */, 77) == -1 && errno == EBADF);
#endif
	printf("OK fdtab\n");
	return failures ? 1 : 0;
}
