/*
 * Private to the C library: the FILE object and the formatter's interface.
 * Every printf-like function formats through __uk_vformat into a sink; the
 * sinks differ only in where the bytes go (a FILE, or a caller's buffer).
 *
 * Two sorts of FILE: the console streams stdout and stderr, which write
 * straight to the platform console and need no descriptor table, and
 * streams over a descriptor (fopen, fdopen, tmpfile, stdin), a struct
 * __uk_stream whose first member is the FILE. Only the second sort can
 * read, seek or fail; the console path reaches their code through a hook
 * set when the first one is made, so an image that never opens a file
 * links none of it (and hello's image does not grow).
 */
#ifndef _UK_LIBC_STDIO_IMPL_H
#define _UK_LIBC_STDIO_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct __uk_file {
	char *buf;  /* NULL: unbuffered (or not yet allocated, for a stream) */
	size_t cap; /* bytes in buf */
	size_t len; /* bytes waiting in buf to be written */
};

/* A stream over a descriptor: a FILE with more state (the FILE comes first). */
struct __uk_stream {
	struct __uk_file f;
	int fd;
	unsigned flags;     /* UKF_* */
	size_t rpos, rend;  /* input waiting in buf[rpos, rend) (UKF_INPUT) */
	int ungot;          /* a byte ungetc pushed back with no room in buf, or -1 */
	char one;           /* the buffer of an unbuffered stream that reads */
	struct __uk_stream *prev, *next; /* every stream (fflush(NULL), exit) */
};

#define UKF_RD 1u       /* opened for reading */
#define UKF_WR 2u       /* opened for writing */
#define UKF_APP 4u      /* append mode */
#define UKF_EOF 8u      /* end-of-file indicator */
#define UKF_ERR 16u     /* error indicator */
#define UKF_LBF 32u     /* line buffered */
#define UKF_NBF 64u     /* unbuffered */
#define UKF_OWNBUF 128u /* buf was allocated here */
#define UKF_STATIC 256u /* the stream itself is not allocated (stdin) */
#define UKF_INPUT 512u  /* buf holds input rather than output */
#define UKF_LISTED 1024u

/*
 * Append n bytes to f. A console stream flushes at a newline or when its
 * buffer fills; a stream follows its buffering mode. 0, or -1 on error.
 */
int __uk_file_write(FILE *f, const char *p, size_t n);
/* Write out what stdout holds (stderr is never buffered). */
void __uk_stdout_flush(void);

/* The console path of __uk_file_write, for stdout and stderr. */
int __uk_console_write(FILE *f, const char *p, size_t n);

/*
 * Set when the first stream over a descriptor is made (stream.c): every
 * write then goes through it, and exit and fflush(NULL) flush all
 * streams. NULL in an image that never opens a file, which therefore links
 * none of stream.c.
 */
extern int (*__uk_stream_write_hook)(FILE *f, const char *p, size_t n);
/* fflush(f) of a stream, every stream when f is NULL: 0 or EOF. */
extern int (*__uk_stream_flush_hook)(FILE *f);

/* stream.c: streams over a descriptor. */
/* The stream behind f: itself, stdout/stderr once freopen sent them to a file, or NULL (console). */
struct __uk_stream *__uk_stream_of(FILE *f);
void __uk_stream_init(struct __uk_stream *s, int fd, unsigned flags); /* makes s a listed stream */
void __uk_stream_unlist(struct __uk_stream *s);
int __uk_stream_flush(struct __uk_stream *s); /* 0 or EOF */
int __uk_stream_write(struct __uk_stream *s, const char *p, size_t n);
int __uk_stream_mode(const char *mode, int *oflags, unsigned *flags); /* 0 or -1 (EINVAL) */
/* Read more input: the first byte (the rest stays in buf), or EOF. */
int __uk_stream_fill(struct __uk_stream *s);
/* stdout (0) or stderr (1) sent to a file by freopen, or NULL. */
extern struct __uk_stream *__uk_stdio_redirect[2];

struct uk_sink {
	void (*put)(struct uk_sink *s, const char *p, size_t n);
	size_t count; /* bytes produced so far, including ones put dropped */
};

static inline void uk_sink_emit(struct uk_sink *s, const char *p, size_t n)
{
	s->count += n;
	s->put(s, p, n);
}

/* A FILE as a sink; err is set when a write failed. */
struct uk_file_sink {
	struct uk_sink sink;
	FILE *f;
	int err;
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
