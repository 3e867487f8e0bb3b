/*
 * Private to the C library: the FILE object and the formatter's interface.
 * Every printf-like function formats through __uk_vformat into a sink; the
 * sinks differ only in where the bytes go (a FILE, or a caller's buffer).
 */
#ifndef _UK_LIBC_STDIO_IMPL_H
#define _UK_LIBC_STDIO_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct __uk_file {
	char *buf;  /* NULL: unbuffered */
	size_t cap; /* bytes in buf */
	size_t len; /* bytes waiting in buf */
};

/* Append n bytes to f; flushes at a newline or when the buffer fills. */
void __uk_file_write(FILE *f, const char *p, size_t n);
/* Write out what stdout holds (stderr is never buffered). */
void __uk_stdout_flush(void);

struct uk_sink {
	void (*put)(struct uk_sink *s, const char *p, size_t n);
	size_t count; /* bytes produced so far, including ones put dropped */
};

static inline void uk_sink_emit(struct uk_sink *s, const char *p, size_t n)
{
	s->count += n;
	s->put(s, p, n);
}

/* A FILE as a sink. */
struct uk_file_sink {
	struct uk_sink sink;
	FILE *f;
};
void __uk_file_sink_put(struct uk_sink *s, const char *p, size_t n);

/* Conversion flags. */
#define UK_FMT_MINUS 1
#define UK_FMT_PLUS 2
#define UK_FMT_SPACE 4
#define UK_FMT_HASH 8
#define UK_FMT_ZERO 16

struct uk_fmt_spec {
	int flags;
	int width; /* 0: none */
	int prec;  /* -1: none */
	char conv;
};

/* Format fmt into s. Returns the byte count, or -1 (EOVERFLOW) past INT_MAX. */
int __uk_vformat(struct uk_sink *s, const char *fmt, va_list ap);

/*
 * Emit one field of body_len bytes behind prefix (sign, "0x"), padded to the
 * field width: the caller emits the body between __uk_fmt_pre and
 * __uk_fmt_post. zero_pad says whether the 0 flag may apply.
 */
void __uk_fmt_pre(struct uk_sink *s, const struct uk_fmt_spec *spec, const char *prefix,
		  size_t prefix_len, size_t body_len, int zero_pad);
void __uk_fmt_post(struct uk_sink *s, const struct uk_fmt_spec *spec, size_t len);
void __uk_fmt_fill(struct uk_sink *s, char c, size_t n);

/* %f %e %g %a (and upper case) of one double; in fmt_float.c. */
void __uk_fmt_float(struct uk_sink *s, const struct uk_fmt_spec *spec, double v);

#endif
