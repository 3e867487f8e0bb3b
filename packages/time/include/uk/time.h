/*
 * Clocks and sleeping for C libraries (@uk/libc, @uk/libc-musl): the work
 * behind clock_gettime, clock_getres, clock_nanosleep, nanosleep, sleep,
 * usleep and sched_yield, in nanoseconds and without C library types, so
 * each libc keeps only its own struct conversions and errno. Sleeping
 * blocks only the calling thread when a scheduler (@uk/sched) is linked;
 * without one it idles the CPU until the deadline. Errors are negative
 * errno values with Linux's numbers.
 */
#ifndef UK_TIME_H
#define UK_TIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The clock ids understood (Linux's numbers, as every libc's <time.h> has them). */
#define UK_TIME_CLOCK_REALTIME 0
#define UK_TIME_CLOCK_MONOTONIC 1
#define UK_TIME_CLOCK_MONOTONIC_RAW 4
#define UK_TIME_CLOCK_BOOTTIME 7

#define UK_TIME_EINVAL 22

/* The time of clock clk in ns since its epoch into *ns: 0, or -UK_TIME_EINVAL for a clock not understood. */
int uk_time_clock_ns(int clk, uint64_t *ns);

/* Sleep until the monotonic time deadline (ns). */
void uk_time_sleep_until(uint64_t deadline);

/* Sleep at least ns nanoseconds (a deadline past the clock's range sleeps until its end). */
void uk_time_sleep_ns(uint64_t ns);

/*
 * clock_nanosleep's work: sleep ns on clock clk (REALTIME, MONOTONIC or
 * BOOTTIME), or until clk reads ns when absolute. 0, or -UK_TIME_EINVAL
 * for another clock. Sleeps are never interrupted (no signals).
 */
int uk_time_clock_sleep(int clk, int absolute, uint64_t ns);

/* Let every ready thread run once (nothing without a scheduler). */
void uk_time_yield(void);

#ifdef __cplusplus
}
#endif

#endif
