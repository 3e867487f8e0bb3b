/*
 * The small part of <unistd.h> the C library can honour without a file
 * system: write() to the console through file descriptors 1 and 2,
 * _exit(), and sleep()/usleep() (see <time.h>).
 */
#ifndef _UK_LIBC_UNISTD_H
#define _UK_LIBC_UNISTD_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

ssize_t write(int fd, const void *buf, size_t len);
__attribute__((noreturn)) void _exit(int status);
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);

#ifdef __cplusplus
}
#endif

#endif
