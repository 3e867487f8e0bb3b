/*
 * fseek, fseeko, ftell, ftello, rewind, fgetpos, fsetpos. Seeking writes
 * out pending output and forgets read-ahead; the position a stream reports
 * is the file's offset less what it has read ahead, plus what it holds
 * to write.
 */
#include <errno.h>

#include "fs_hooks.h"
#include "stdio_impl.h"

int fseeko(FILE *f, off_t off, int whence)
{
	struct __uk_stream *s = __uk_stream_of(f);
	long r;

	if (!s) {
		errno = ESPIPE;
		return -1;
	}
	if (whence == SEEK_CUR && (s->flags & UKF_INPUT))
		off -= (off_t)(s->rend - s->rpos);
	if (whence == SEEK_CUR && s->ungot >= 0)
		off -= 1;
	if (s->f.len && __uk_stream_flush(s) < 0)
		return -1;
	s->rpos = s->rend = 0;
	s->ungot = -1;
	s->flags &= ~(UKF_INPUT | UKF_EOF);
	r = UK_FS_CALL(lseek, s->fd, off, whence);
	return r < 0 ? (int)__uk_fs_ret(r) : 0;
}

int fseek(FILE *f, long off, int whence)
{
	return fseeko(f, off, whence);
}

off_t ftello(FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);
	long r;

	if (!s) {
		errno = ESPIPE;
		return -1;
	}
	if (s->f.len && (s->flags & UKF_APP)) {
		/* appended bytes land at the end: write them out to know where */
		if (__uk_stream_flush(s) < 0)
			return -1;
	}
	r = UK_FS_CALL(lseek, s->fd, 0, SEEK_CUR);
	if (r < 0)
		return __uk_fs_ret(r);
	if (s->flags & UKF_INPUT)
		r -= (long)(s->rend - s->rpos);
	if (s->ungot >= 0)
		r -= 1;
	return r + (long)s->f.len;
}

long ftell(FILE *f)
{
	return ftello(f);
}

void rewind(FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);

	fseeko(f, 0, SEEK_SET);
	if (s)
		s->flags &= ~UKF_ERR;
}

int fgetpos(FILE *restrict f, fpos_t *restrict pos)
{
	off_t r = ftello(f);

	if (r < 0)
		return -1;
	pos->__pos = r;
	return 0;
}

int fsetpos(FILE *f, const fpos_t *pos)
{
	return fseeko(f, pos->__pos, SEEK_SET);
}
