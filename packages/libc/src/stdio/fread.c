/*
 * fread: whole items from a stream; what the buffer holds first, then a
 * large remainder straight into the caller's memory.
 */
#include <stdint.h>
#include <string.h>

#include "fs_hooks.h"
#include "stdio_impl.h"

size_t fread(void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	struct __uk_stream *s = __uk_stream_of(f);
	char *out = p;
	size_t want, got = 0;

	if (!size || !n || n > SIZE_MAX / size || !s)
		return 0;
	want = size * n;
	if (s->ungot >= 0) {
		out[got++] = (char)s->ungot;
		s->ungot = -1;
	}
	while (got < want) {
		if ((s->flags & UKF_INPUT) && s->rpos < s->rend) {
			size_t k = s->rend - s->rpos < want - got ? s->rend - s->rpos : want - got;

			memcpy(out + got, s->f.buf + s->rpos, k);
			s->rpos += k;
			got += k;
			continue;
		}
		if (s->f.cap && want - got >= s->f.cap && (s->flags & UKF_RD) && !s->f.len) {
			long r;

			s->flags &= ~UKF_INPUT;
			s->rpos = s->rend = 0;
			r = UK_FS_CALL(read, s->fd, (long)(out + got), (long)(want - got));
			if (r <= 0) {
				s->flags |= r ? UKF_ERR : UKF_EOF;
				if (r)
					errno = (int)-r;
				break;
			}
			got += (size_t)r;
			continue;
		}
		{
			int c = __uk_stream_fill(s);

			if (c == EOF)
				break;
			out[got++] = (char)c;
		}
	}
	return got / size;
}
