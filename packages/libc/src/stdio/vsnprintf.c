/*
 * vsnprintf: the formatter with a buffer as its sink. Output beyond size-1
 * bytes is counted but dropped; the buffer is always terminated when size
 * is not 0.
 */
#include <stdint.h>
#include <string.h>

#include "stdio_impl.h"

struct buf_sink {
	struct uk_sink sink;
	char *buf;
	size_t room; /* bytes that may still be stored, excluding the NUL */
};

static void buf_put(struct uk_sink *s, const char *p, size_t n)
{
	struct buf_sink *b = (struct buf_sink *)s;
	size_t k = n < b->room ? n : b->room;

	memcpy(b->buf, p, k);
	b->buf += k;
	b->room -= k;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
	struct buf_sink b = { { buf_put, 0 }, buf, size ? size - 1 : 0 };
	int n = __uk_vformat(&b.sink, fmt, ap);

	if (size)
		*b.buf = 0;
	return n;
}
