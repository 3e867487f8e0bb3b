/*
 * The two streams. stdout collects output until a newline or a full buffer,
 * because every console write may be a VM exit; stderr goes straight out.
 * Both share one console, so stdout is flushed before stderr writes to keep
 * the two in the order the program produced them. Streams over files
 * (stream.c) take over __uk_file_write once one exists.
 */
#include <string.h>
#include <uk/init.h>
#include <uk/plat.h>

#include "stdio_impl.h"

#ifndef CONFIG_UK_LIBC_STDOUT_BUFFER
#define CONFIG_UK_LIBC_STDOUT_BUFFER 256
#endif

static char stdout_buf[CONFIG_UK_LIBC_STDOUT_BUFFER];
static struct __uk_file file_out = { stdout_buf, sizeof(stdout_buf), 0 };
static struct __uk_file file_err = { NULL, 0, 0 };

FILE *const (stdout) = &file_out;
FILE *const (stderr) = &file_err;

int (*__uk_stream_write_hook)(FILE *f, const char *p, size_t n);
int (*__uk_stream_flush_hook)(FILE *f);

void __uk_stdout_flush(void)
{
	if (file_out.len) {
		uk_plat_console_write(file_out.buf, file_out.len);
		file_out.len = 0;
	}
}

/* Last of the shutdown hooks, so output from the others gets out too. */
static void libc_flush_stdout(void)
{
	if (__uk_stream_flush_hook)
		__uk_stream_flush_hook(NULL);
	__uk_stdout_flush();
}

UK_FINI(libc_flush_stdout, 0);

int __uk_file_write(FILE *f, const char *p, size_t n)
{
	if (__uk_stream_write_hook)
		return __uk_stream_write_hook(f, p, n);
	return __uk_console_write(f, p, n);
}

int __uk_console_write(FILE *f, const char *p, size_t n)
{
	if (!f->cap || n >= f->cap) {
		/* unbuffered stream, or too big to be worth copying */
		__uk_stdout_flush();
		uk_plat_console_write(p, n);
		return 0;
	}
	while (n) {
		size_t k = f->cap - f->len < n ? f->cap - f->len : n;
		int newline = memchr(p, '\n', k) != NULL;

		memcpy(f->buf + f->len, p, k);
		f->len += k;
		p += k;
		n -= k;
		if (newline || f->len == f->cap)
			__uk_stdout_flush();
	}
	return 0;
}

void __uk_file_sink_put(struct uk_sink *s, const char *p, size_t n)
{
	struct uk_file_sink *fs = (struct uk_file_sink *)s;

	if (__uk_file_write(fs->f, p, n) < 0)
		fs->err = 1;
}
