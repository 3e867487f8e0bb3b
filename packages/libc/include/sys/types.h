/* POSIX scalar types the rest of the headers and ported code expect. */
#ifndef _UK_LIBC_SYS_TYPES_H
#define _UK_LIBC_SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned int useconds_t;
typedef long clock_t;
/* The file-system types of struct stat (Linux x86_64 sizes). */
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long nlink_t;
typedef long blksize_t;
typedef long blkcnt_t;
/* A signal set as Linux C libraries lay it out (1024 bits); the kernel reads the first 8 bytes. */
typedef struct {
	unsigned long __bits[1024 / (8 * sizeof(unsigned long))];
} sigset_t;

#endif
