/*
 * The time calls as system calls, for code that issues them rather than
 * calling the C library (an unmodified executable, the trap, syscall()).
 * They answer through libc's own functions, which already use the
 * scheduler when there is one; no POSIX face here (libc has it).
 */
#include <errno.h>
#include <sched.h>
#include <sys/time.h>
#include <time.h>
#include <uk/syscall.h>

/* libc's functions set errno; the raw convention wants it back as -errno. */
static long raw(int r)
{
	return r < 0 ? -errno : r;
}

UK_LLSYSCALL_R_DEFINE2(int, clock_gettime, clockid_t, clk, struct timespec *, ts)
{
	return (int)raw(clock_gettime(clk, ts));
}

UK_LLSYSCALL_R_DEFINE2(int, clock_getres, clockid_t, clk, struct timespec *, ts)
{
	return (int)raw(clock_getres(clk, ts));
}

UK_LLSYSCALL_R_DEFINE2(int, gettimeofday, struct timeval *, tv, void *, tz)
{
	return gettimeofday(tv, tz);
}

UK_LLSYSCALL_R_DEFINE1(time_t, time, time_t *, t)
{
	return time(t);
}

UK_LLSYSCALL_R_DEFINE2(int, nanosleep, const struct timespec *, req, struct timespec *, rem)
{
	return (int)raw(nanosleep(req, rem));
}

UK_LLSYSCALL_R_DEFINE4(int, clock_nanosleep, clockid_t, clk, int, flags, const struct timespec *, req,
		       struct timespec *, rem)
{
	/* returns the error number itself, as the kernel's call does in negative form */
	return -clock_nanosleep(clk, flags, req, rem);
}

UK_LLSYSCALL_R_DEFINE0(int, sched_yield)
{
	return sched_yield();
}
