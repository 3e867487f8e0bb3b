/*
 * POSIX timed waits take an absolute time on a clock (CLOCK_REALTIME by
 * default), the scheduler takes a monotonic deadline: convert through the
 * distance from now, which is what a wall-clock deadline means anyway.
 */
#include <uk/sched.h>
#include "deadline.h"

int uk_pthread_deadline(clockid_t clock, const struct timespec *abstime, uint64_t *deadline)
{
	uint64_t want, now, mono;

	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L || abstime->tv_sec < 0)
		return -1;
	want = (uint64_t)abstime->tv_sec * 1000000000ull + (uint64_t)abstime->tv_nsec;
	mono = uk_sched_monotonic_ns();
	now = clock == CLOCK_REALTIME ? uk_sched_wall_ns() : mono;
	*deadline = want > now ? mono + (want - now) : mono;
	return 0;
}
