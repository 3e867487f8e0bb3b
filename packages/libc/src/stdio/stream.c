/*
 * Streams over a descriptor: buffering as POSIX describes it. A stream's
 * buffer holds either output waiting to be written or input read ahead
 * (UKF_INPUT); switching direction writes the output out, or gives unread
 * input back to the file by seeking. Full buffering for files, line
 * buffering for the console descriptors, none when setvbuf says so.
 * Reading a stream first writes out stdout, as POSIX asks when input may
 * need a prompt. The first stream made installs the hooks through which
 * the console code (file.c) reaches this file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs_hooks.h"
#include "stdio_impl.h"

static struct __uk_stream *streams;
struct __uk_stream *__uk_stdio_redirect[2];

struct __uk_stream *__uk_stream_of(FILE *f)
{
	if (f == stdout)
		return __uk_stdio_redirect[0];
	if (f == stderr)
		return __uk_stdio_redirect[1];
	return (struct __uk_stream *)f;
}

static int fail(struct __uk_stream *s, long r)
{
	s->flags |= UKF_ERR;
	errno = (int)-r;
	return -1;
}

static int write_all(struct __uk_stream *s, const char *p, size_t n)
{
	while (n) {
		long r = UK_FS_CALL(write, s->fd, (long)p, (long)n);

		if (r < 0)
			return fail(s, r);
		if (r == 0)
			return fail(s, -EIO);
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Give unread input back to the file (when it can seek), so its offset is the stream's. */
static void drop_input(struct __uk_stream *s)
{
	long unread = (long)(s->rend - s->rpos) + (s->ungot >= 0);

	if (unread)
		UK_FS_CALL(lseek, s->fd, -unread, SEEK_CUR);
	s->rpos = s->rend = 0;
	s->ungot = -1;
	s->flags &= ~UKF_INPUT;
}

int __uk_stream_flush(struct __uk_stream *s)
{
	if (s->flags & UKF_INPUT) {
		drop_input(s);
		return 0;
	}
	if (s->f.len) {
		size_t n = s->f.len;

		s->f.len = 0;
		if (write_all(s, s->f.buf, n) < 0)
			return EOF;
	}
	return 0;
}

/* The buffer, allocated on first use (unbuffered streams have none). */
static int have_buffer(struct __uk_stream *s)
{
	if (s->f.buf || (s->flags & UKF_NBF))
		return s->f.buf != 0;
	if (!s->f.cap)
		s->f.cap = BUFSIZ;
	s->f.buf = malloc(s->f.cap);
	if (!s->f.buf) {
		s->flags |= UKF_NBF;
		s->f.cap = 0;
		return 0;
	}
	s->flags |= UKF_OWNBUF;
	return 1;
}

int __uk_stream_write(struct __uk_stream *s, const char *p, size_t n)
{
	if (!(s->flags & UKF_WR))
		return fail(s, -EBADF);
	if (s->flags & UKF_INPUT)
		drop_input(s);
	if (!have_buffer(s) || n >= s->f.cap) {
		if (__uk_stream_flush(s) < 0)
			return -1;
		return write_all(s, p, n);
	}
	while (n) {
		size_t k = s->f.cap - s->f.len < n ? s->f.cap - s->f.len : n;

		memcpy(s->f.buf + s->f.len, p, k);
		s->f.len += k;
		p += k;
		n -= k;
		if (s->f.len == s->f.cap && __uk_stream_flush(s) < 0)
			return -1;
	}
	if ((s->flags & UKF_LBF) && s->f.len && memchr(s->f.buf, '\n', s->f.len))
		return __uk_stream_flush(s);
	return 0;
}

int __uk_stream_fill(struct __uk_stream *s)
{
	char *b;
	size_t cap;
	long r;

	if (!(s->flags & UKF_RD)) {
		fail(s, -EBADF);
		return EOF;
	}
	if (!(s->flags & UKF_INPUT) && __uk_stream_flush(s) < 0)
		return EOF;
	if (s->fd == 0 || (s->flags & UKF_LBF))
		fflush(stdout);
	if (have_buffer(s)) {
		b = s->f.buf;
		cap = s->f.cap;
	} else {
		b = &s->one;
		cap = 1;
	}
	r = UK_FS_CALL(read, s->fd, (long)b, (long)cap);
	if (r <= 0) {
		if (r < 0)
			fail(s, r);
		else
			s->flags |= UKF_EOF;
		return EOF;
	}
	if (b == &s->one) {
		s->flags &= ~UKF_INPUT;
		return (unsigned char)s->one;
	}
	s->flags |= UKF_INPUT;
	s->rpos = 1;
	s->rend = (size_t)r;
	return (unsigned char)b[0];
}

static int write_hook(FILE *f, const char *p, size_t n)
{
	struct __uk_stream *s = __uk_stream_of(f);

	return s ? __uk_stream_write(s, p, n) : __uk_console_write(f, p, n);
}

static int flush_hook(FILE *f)
{
	struct __uk_stream *s;
	int r = 0;

	if (f) {
		s = __uk_stream_of(f);
		return s ? __uk_stream_flush(s) : 0;
	}
	for (s = streams; s; s = s->next)
		if (__uk_stream_flush(s) < 0)
			r = EOF;
	return r;
}

void __uk_stream_init(struct __uk_stream *s, int fd, unsigned flags)
{
	s->fd = fd;
	s->flags = flags;
	s->ungot = -1;
	s->rpos = s->rend = 0;
	if (fd <= 2 && !(flags & UKF_NBF))
		s->flags |= UKF_LBF; /* the console: a line at a time */
	__uk_stream_write_hook = write_hook;
	__uk_stream_flush_hook = flush_hook;
	if (!(s->flags & UKF_LISTED)) {
		s->flags |= UKF_LISTED;
		s->prev = 0;
		s->next = streams;
		if (streams)
			streams->prev = s;
		streams = s;
	}
}

void __uk_stream_unlist(struct __uk_stream *s)
{
	if (!(s->flags & UKF_LISTED))
		return;
	if (s->prev)
		s->prev->next = s->next;
	else
		streams = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->flags &= ~UKF_LISTED;
}

/* "r", "w+", "a+b", "wx", "re"...: open(2) flags and the stream's UKF_* flags. */
int __uk_stream_mode(const char *mode, int *oflags, unsigned *flags)
{
	int plus = strchr(mode, '+') != 0;

	switch (mode[0]) {
	case 'r':
		*oflags = plus ? O_RDWR : O_RDONLY;
		break;
	case 'w':
		*oflags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
		break;
	case 'a':
		*oflags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
		break;
	default:
		errno = EINVAL;
		return -1;
	}
	if (strchr(mode, 'x'))
		*oflags |= O_EXCL;
	if (strchr(mode, 'e'))
		*oflags |= O_CLOEXEC;
	*flags = (plus || mode[0] == 'r' ? UKF_RD : 0) | (plus || mode[0] != 'r' ? UKF_WR : 0) |
		 (mode[0] == 'a' ? UKF_APP : 0);
	return 0;
}
