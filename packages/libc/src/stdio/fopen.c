/* fopen, fdopen, freopen: streams over a descriptor (stream.c does the rest). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "fs_hooks.h"
#include "stdio_impl.h"

static FILE *new_stream(int fd, unsigned flags)
{
	struct __uk_stream *s = calloc(1, sizeof(*s));

	if (!s) {
		errno = ENOMEM;
		return 0;
	}
	__uk_stream_init(s, fd, flags);
	return &s->f;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
	int oflags;
	unsigned flags;
	long fd;
	FILE *f;

	if (__uk_stream_mode(mode, &oflags, &flags) < 0)
		return 0;
	fd = UK_FS_CALL(openat, AT_FDCWD, (long)path, oflags, 0666);
	if (fd < 0) {
		errno = (int)-fd;
		return 0;
	}
	f = new_stream((int)fd, flags);
	if (!f)
		UK_FS_CALL(close, fd);
	return f;
}

FILE *fdopen(int fd, const char *mode)
{
	int oflags;
	unsigned flags;
	long r;

	if (__uk_stream_mode(mode, &oflags, &flags) < 0)
		return 0;
	r = UK_FS_CALL(fcntl, fd, F_GETFL, 0);
	if (r < 0) {
		errno = (int)-r;
		return 0;
	}
	if ((flags & UKF_APP) && !(r & O_APPEND))
		UK_FS_CALL(fcntl, fd, F_SETFL, r | O_APPEND);
	return new_stream(fd, flags);
}

/*
 * The stream f now reads or writes path with mode; f stays the same
 * pointer (this is how stdout and stderr are sent to a file). With path
 * NULL only the mode changes.
 */
FILE *freopen(const char *restrict path, const char *restrict mode, FILE *restrict f)
{
	struct __uk_stream *s = __uk_stream_of(f);
	int oflags, console = f == stdout || f == stderr;
	unsigned flags;
	long fd;

	fflush(f);
	if (__uk_stream_mode(mode, &oflags, &flags) < 0)
		goto fail;
	if (!path) {
		if (s)
			s->flags = (s->flags & ~(UKF_RD | UKF_WR | UKF_APP | UKF_EOF | UKF_ERR)) | flags;
		return f;
	}
	fd = UK_FS_CALL(openat, AT_FDCWD, (long)path, oflags, 0666);
	if (fd < 0) {
		errno = (int)-fd;
		goto fail;
	}
	if (s)
		UK_FS_CALL(close, s->fd);
	if (!s && console) {
		s = calloc(1, sizeof(*s));
		if (!s) {
			UK_FS_CALL(close, fd);
			errno = ENOMEM;
			goto fail;
		}
		__uk_stdio_redirect[f == stderr] = s;
	}
	if (s->flags & UKF_OWNBUF)
		free(s->f.buf);
	s->f.buf = 0;
	s->f.cap = 0;
	s->f.len = 0;
	__uk_stream_init(s, (int)fd, flags | (s->flags & (UKF_STATIC | UKF_LISTED)));
	return f;
fail:
	fclose(f);
	return 0;
}
