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

/* Broken-down time. uk has no time zones: local time is UTC. */
struct tm {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;
	int tm_year;
	int tm_wday;
	int tm_yday;
	int tm_isdst;
	long tm_gmtoff;
	const char *tm_zone;
};

struct tm *gmtime_r(const time_t *__restrict t, struct tm *__restrict tm);
struct tm *localtime_r(const time_t *__restrict t, struct tm *__restrict tm);
struct tm *gmtime(const time_t *t);
struct tm *localtime(const time_t *t);
time_t timegm(struct tm *tm);
time_t mktime(struct tm *tm);
size_t strftime(char *__restrict buf, size_t size, const char *__restrict fmt, const struct tm *__restrict tm);

#ifdef __cplusplus
}
#endif

#endif
