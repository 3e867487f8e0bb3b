/*
 * setvbuf and setbuf: the buffering mode (and buffer) of a stream, before
 * any other operation on it. stdout on the console honours _IONBF (every
 * write goes out at once) and a buffer of the caller's; stderr stays
 * unbuffered.
 */
#include "stdio_impl.h"

int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
	struct __uk_stream *s = __uk_stream_of(f);

	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
		return -1;
	if (!s) {
		fflush(f);
		if (f == stderr)
			return mode == _IONBF ? 0 : -1;
		if (mode == _IONBF)
			f->cap = 0;
		else if (buf && size) {
			f->buf = buf;
			f->cap = size;
		}
		return 0;
	}
	s->flags &= ~(UKF_LBF | UKF_NBF);
	if (mode == _IONBF) {
		s->flags |= UKF_NBF;
		return 0;
	}
	if (mode == _IOLBF)
		s->flags |= UKF_LBF;
	if (buf && size) {
		s->f.buf = buf;
		s->f.cap = size;
	} else if (size) {
		s->f.cap = size; /* allocated at first use */
	}
	return 0;
}

void setbuf(FILE *restrict f, char *restrict buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}
