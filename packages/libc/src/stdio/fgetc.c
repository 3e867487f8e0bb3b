/* fgetc, getc, getchar, ungetc: one byte at a time. */
#include "stdio_impl.h"

int fgetc(FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);

	if (!s)
		return EOF; /* stdout and stderr on the console cannot be read */
	if (s->ungot >= 0) {
		int c = s->ungot;

		s->ungot = -1;
		return c;
	}
	if ((s->flags & UKF_INPUT) && s->rpos < s->rend)
		return (unsigned char)s->f.buf[s->rpos++];
	return __uk_stream_fill(s);
}

int getc(FILE *f)
{
	return fgetc(f);
}

int getchar(void)
{
	return fgetc(stdin);
}

/* One byte back: into the buffer when there is room before the next byte. */
int ungetc(int c, FILE *f)
{
	struct __uk_stream *s = __uk_stream_of(f);

	if (c == EOF || !s)
		return EOF;
	if ((s->flags & UKF_INPUT) && s->rpos > 0 && s->ungot < 0)
		s->f.buf[--s->rpos] = (char)c;
	else if (s->ungot < 0)
		s->ungot = (unsigned char)c;
	else
		return EOF;
	s->flags &= ~UKF_EOF;
	return (unsigned char)c;
}
