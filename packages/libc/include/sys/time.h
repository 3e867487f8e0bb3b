/*
 * struct timeval and gettimeofday() (implemented by @uk/libc over the
 * platform's wall clock), with Linux's layout; utimes() is @uk/vfs's.
 */
#ifndef _UK_LIBC_SYS_TIME_H
#define _UK_LIBC_SYS_TIME_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

int gettimeofday(struct timeval *__restrict tv, void *__restrict tz);
int utimes(const char *path, const struct timeval *times);

#ifdef __cplusplus
}
#endif

#endif
