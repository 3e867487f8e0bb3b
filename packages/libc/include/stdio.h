/*
 * Standard I/O. stdout (buffered until a newline, or when full) and stderr
 * (unbuffered) write to the platform console with nothing else linked.
 * Streams over files (fopen, fdopen, freopen, tmpfile), stdin, and the
 * calls on paths (remove; rename is @uk/vfs's) need @uk/vfs and @uk/fdtab
 * in the image; without them they fail with ENOSYS. Buffering follows
 * POSIX: full for files, by line for the console, none on request
 * (setvbuf).
 */
#ifndef _UK_LIBC_STDIO_H
#define _UK_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct __uk_file FILE;

typedef struct {
	off_t __pos;
} fpos_t;

extern FILE *const stdin;
extern FILE *const stdout;
extern FILE *const stderr;
#define stdin (stdin)
#define stdout (stdout)
#define stderr (stderr)

#define EOF (-1)
#define BUFSIZ 4096
#define FILENAME_MAX 4096
#define FOPEN_MAX 1000
#define L_tmpnam 20
#define TMP_MAX 238328
#define P_tmpdir "/tmp"
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2
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

FILE *fopen(const char *__restrict path, const char *__restrict mode);
FILE *fdopen(int fd, const char *mode);
FILE *freopen(const char *__restrict path, const char *__restrict mode, FILE *__restrict f);
int fclose(FILE *f);
FILE *tmpfile(void);
size_t fread(void *__restrict p, size_t size, size_t n, FILE *__restrict f);
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *__restrict s, int size, FILE *__restrict f);
ssize_t getline(char **__restrict line, size_t *__restrict cap, FILE *__restrict f);
ssize_t getdelim(char **__restrict line, size_t *__restrict cap, int delim, FILE *__restrict f);
int fseek(FILE *f, long off, int whence);
int fseeko(FILE *f, off_t off, int whence);
long ftell(FILE *f);
off_t ftello(FILE *f);
void rewind(FILE *f);
int fgetpos(FILE *__restrict f, fpos_t *__restrict pos);
int fsetpos(FILE *f, const fpos_t *pos);
int setvbuf(FILE *__restrict f, char *__restrict buf, int mode, size_t size);
void setbuf(FILE *__restrict f, char *__restrict buf);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int fileno(FILE *f);
void perror(const char *s);
int remove(const char *path);
/* @uk/vfs */
int rename(const char *oldpath, const char *newpath);
int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

#ifdef __cplusplus
}
#endif

#endif
