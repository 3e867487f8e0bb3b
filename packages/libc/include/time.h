/*
 * Time: the monotonic and wall clocks of the platform, and sleeping. With a
 * scheduler in the image a sleep blocks only the calling thread; without
 * one it halts the CPU (or sleeps the host process) until the deadline.
 */
#ifndef _UK_LIBC_TIME_H
#define _UK_LIBC_TIME_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

typedef int clockid_t;

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1

int clock_gettime(clockid_t clk, struct timespec *ts);
int clock_getres(clockid_t clk, struct timespec *res);
int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);

#ifdef __cplusplus
}
#endif

#endif
