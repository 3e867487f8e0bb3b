/*
 * Formatted and unformatted output to the console. There is no file system
 * here: the only streams are stdout (buffered until a newline, or when
 * full) and stderr (unbuffered), and both end on the platform console.
 */
#ifndef _UK_LIBC_STDIO_H
#define _UK_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct __uk_file FILE;

extern FILE *const stdout;
extern FILE *const stderr;
#define stdout (stdout)
#define stderr (stderr)

#define EOF (-1)
#define BUFSIZ 1024
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define __UK_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

int printf(const char *__restrict fmt, ...) __UK_PRINTF(1, 2);
int fprintf(FILE *__restrict f, const char *__restrict fmt, ...) __UK_PRINTF(2, 3);
int sprintf(char *__restrict buf, const char *__restrict fmt, ...) __UK_PRINTF(2, 3);
int snprintf(char *__restrict buf, size_t size, const char *__restrict fmt, ...) __UK_PRINTF(3, 4);
int vprintf(const char *__restrict fmt, va_list ap) __UK_PRINTF(1, 0);
int vfprintf(FILE *__restrict f, const char *__restrict fmt, va_list ap) __UK_PRINTF(2, 0);
int vsprintf(char *__restrict buf, const char *__restrict fmt, va_list ap) __UK_PRINTF(2, 0);
int vsnprintf(char *__restrict buf, size_t size, const char *__restrict fmt, va_list ap)
	__UK_PRINTF(3, 0);

int puts(const char *s);
int fputs(const char *__restrict s, FILE *__restrict f);
int putchar(int c);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
size_t fwrite(const void *__restrict p, size_t size, size_t n, FILE *__restrict f);
int fflush(FILE *f);

#ifdef __cplusplus
}
#endif

#endif
