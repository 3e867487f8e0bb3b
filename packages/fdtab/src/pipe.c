/*
 * Pipes: a ring buffer shared by a read end and a write end, each a file.
 * A reader of an empty pipe waits (uk_file_wait) until a writer adds bytes
 * or the last writer closes (end of file); a writer of a full pipe waits
 * for room; writing with no reader left is EPIPE (there is no SIGPIPE).
 * Every change of fill level or of the ends raises uk_file_event, which
 * is what wakes poll/select and the other end.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <uk/file.h>
#include <uk/syscall.h>

#include "fdtab_impl.h"

#define PIPE_SIZE 4096

struct pipe {
	struct uk_file rd, wr;
	unsigned head, len; /* the bytes waiting: PIPE_SIZE ring from head */
	int readers, writers;
	unsigned char buf[PIPE_SIZE];
};

#define PIPE_OF(f) ((struct pipe *)(f)->priv)

static ssize_t pipe_read(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	struct pipe *p = PIPE_OF(f);
	size_t done = 0;

	(void)pos;
	while (!p->len) {
		if (!p->writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		uk_file_wait(UINT64_MAX);
	}
	for (int i = 0; i < iovcnt && p->len; i++) {
		unsigned char *dst = iov[i].iov_base;
		size_t want = iov[i].iov_len;

		while (want && p->len) {
			size_t k = PIPE_SIZE - p->head;

			if (k > p->len)
				k = p->len;
			if (k > want)
				k = want;
			memcpy(dst, p->buf + p->head, k);
			p->head = (unsigned)((p->head + k) % PIPE_SIZE);
			p->len -= (unsigned)k;
			dst += k;
			want -= k;
			done += k;
		}
	}
	uk_file_event(f);
	return (ssize_t)done;
}

static ssize_t pipe_write(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	struct pipe *p = PIPE_OF(f);
	size_t done = 0;

	(void)pos;
	for (int i = 0; i < iovcnt; i++) {
		const unsigned char *src = iov[i].iov_base;
		size_t left = iov[i].iov_len;

		while (left) {
			size_t tail, k;

			if (!p->readers)
				return done ? (ssize_t)done : -EPIPE;
			if (p->len == PIPE_SIZE) {
				if (f->flags & O_NONBLOCK)
					return done ? (ssize_t)done : -EAGAIN;
				uk_file_wait(UINT64_MAX);
				continue;
			}
			tail = (p->head + p->len) % PIPE_SIZE;
			k = tail < p->head ? p->head - tail : PIPE_SIZE - tail;
			if (k > left)
				k = left;
			memcpy(p->buf + tail, src, k);
			p->len += (unsigned)k;
			src += k;
			left -= k;
			done += k;
			uk_file_event(f);
		}
	}
	return (ssize_t)done;
}

static unsigned pipe_poll(struct uk_file *f)
{
	struct pipe *p = PIPE_OF(f);

	if (f == &p->rd)
		return (p->len ? POLLIN : 0) | (p->writers ? 0 : POLLHUP);
	return (p->len < PIPE_SIZE ? POLLOUT : 0) | (p->readers ? 0 : POLLERR);
}

static int pipe_stat(struct uk_file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_blksize = PIPE_SIZE;
	return 0;
}

static int pipe_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	if (req != FIONREAD)
		return -ENOTTY;
	*(int *)arg = (int)PIPE_OF(f)->len;
	return 0;
}

static void pipe_release(struct uk_file *f)
{
	struct pipe *p = PIPE_OF(f);

	if (f == &p->rd)
		p->readers--;
	else
		p->writers--;
	uk_file_event(f);
	if (!p->readers && !p->writers)
		free(p);
}

static const struct uk_file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.stat = pipe_stat,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
};

UK_SYSCALL_R_DEFINE2(int, pipe2, int *, fds, int, flags)
{
	struct pipe *p;
	int cloexec = !!(flags & O_CLOEXEC), r, w;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENFILE;
	uk_file_init(&p->rd, &pipe_ops, p, O_RDONLY | (flags & O_NONBLOCK));
	uk_file_init(&p->wr, &pipe_ops, p, O_WRONLY | (flags & O_NONBLOCK));
	p->readers = p->writers = 1;
	r = uk_fd_install(&p->rd, 0, cloexec);
	if (r < 0) {
		uk_file_put(&p->wr);
		return r;
	}
	w = uk_fd_install(&p->wr, 0, cloexec);
	if (w < 0) {
		uk_file_put(fdtab_take(r));
		return w;
	}
	fds[0] = r;
	fds[1] = w;
	return 0;
}

UK_SYSCALL_R_DEFINE1(int, pipe, int *, fds)
{
	return uk_syscall_r_pipe2((long)fds, 0);
}
