/*
 * poll, ppoll, select, pselect6: scan the files' readiness, and while
 * nothing is ready and time remains, wait for uk_file_event (wait.c) and
 * scan again. A file without a poll operation is always ready, as regular
 * files are on Linux. Signal masks are accepted and ignored: a unikernel
 * has no signals to block.
 */
#include <errno.h>
#include <poll.h>
#include <sys/select.h>
#include <uk/file.h>
#include <uk/syscall.h>

#include "fdtab_impl.h"

unsigned fdtab_ready(struct uk_file *f, unsigned events)
{
	unsigned ev = f->ops->poll ? f->ops->poll(f) : POLLIN | POLLOUT;

	if (ev & POLLIN)
		ev |= POLLRDNORM;
	if (ev & POLLOUT)
		ev |= POLLWRNORM;
	return ev & (events | POLLERR | POLLHUP | POLLNVAL);
}

static int poll_scan(struct pollfd *fds, nfds_t nfds)
{
	int n = 0;

	for (nfds_t i = 0; i < nfds; i++) {
		struct uk_file *f;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = fdtab_peek(fds[i].fd);
		fds[i].revents = (short)(f ? fdtab_ready(f, (unsigned short)fds[i].events) : POLLNVAL);
		if (fds[i].revents)
			n++;
	}
	return n;
}

static int poll_until(struct pollfd *fds, nfds_t nfds, uint64_t deadline)
{
	if (nfds > FDTAB_MAX)
		return -EINVAL;
	for (;;) {
		int n = poll_scan(fds, nfds);

		if (n)
			return n;
		if (fdtab_wait(deadline) == -ETIMEDOUT)
			return poll_scan(fds, nfds);
	}
}

UK_SYSCALL_R_DEFINE3(int, poll, struct pollfd *, fds, nfds_t, nfds, int, timeout_ms)
{
	return poll_until(fds, nfds, fdtab_deadline(timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000));
}

static int64_t timespec_ns(const struct timespec *ts)
{
	if (!ts)
		return -1;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
		return -2;
	if (ts->tv_sec > INT64_MAX / 1000000000 - 1)
		return INT64_MAX;
	return ts->tv_sec * 1000000000 + ts->tv_nsec;
}

UK_LLSYSCALL_R_DEFINE5(int, ppoll, struct pollfd *, fds, nfds_t, nfds, const struct timespec *, ts,
		       const sigset_t *, sigmask, size_t, sigsetsize)
{
	int64_t ns = timespec_ns(ts);

	(void)sigmask;
	(void)sigsetsize;
	if (ns == -2)
		return -EINVAL;
	return poll_until(fds, nfds, fdtab_deadline(ns));
}

__attribute__((weak)) int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *ts, const sigset_t *sigmask)
{
	return (int)uk_syscall_errno(uk_syscall_r_ppoll((long)fds, (long)nfds, (long)ts, (long)sigmask, 8));
}

struct fdsets {
	fd_set *rd, *wr, *ex;
};

/* One scan; out (when not NULL) receives the ready sets. Returns the count or -EBADF. */
static int select_scan(int nfds, const struct fdsets *in, struct fdsets *out)
{
	int n = 0;

	for (int fd = 0; fd < nfds; fd++) {
		int r = in->rd && FD_ISSET(fd, in->rd);
		int w = in->wr && FD_ISSET(fd, in->wr);
		int x = in->ex && FD_ISSET(fd, in->ex);
		struct uk_file *f;
		unsigned ev;

		if (!r && !w && !x)
			continue;
		f = fdtab_peek(fd);
		if (!f)
			return -EBADF;
		ev = fdtab_ready(f, POLLIN | POLLOUT | POLLPRI);
		/* As Linux: an error or hang-up makes a descriptor readable and writable. */
		if (r && (ev & (POLLIN | POLLERR | POLLHUP))) {
			FD_SET(fd, out->rd);
			n++;
		}
		if (w && (ev & (POLLOUT | POLLERR))) {
			FD_SET(fd, out->wr);
			n++;
		}
		if (x && (ev & POLLPRI)) {
			FD_SET(fd, out->ex);
			n++;
		}
	}
	return n;
}

static int select_until(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, uint64_t deadline)
{
	fd_set ord, owr, oex;
	struct fdsets in = { rd, wr, ex }, out = { &ord, &owr, &oex };

	if (nfds < 0 || nfds > FD_SETSIZE)
		return -EINVAL;
	for (;;) {
		int n, timed_out = 0;

		FD_ZERO(&ord);
		FD_ZERO(&owr);
		FD_ZERO(&oex);
		n = select_scan(nfds, &in, &out);
		if (n == 0 && fdtab_wait(deadline) == -ETIMEDOUT) {
			timed_out = 1;
			FD_ZERO(&ord);
			FD_ZERO(&owr);
			FD_ZERO(&oex);
			n = select_scan(nfds, &in, &out);
		}
		if (n < 0)
			return n;
		if (n > 0 || timed_out) {
			if (rd)
				*rd = ord;
			if (wr)
				*wr = owr;
			if (ex)
				*ex = oex;
			return n;
		}
	}
}

UK_SYSCALL_R_DEFINE5(int, select, int, nfds, fd_set *, rd, fd_set *, wr, fd_set *, ex, struct timeval *, tv)
{
	int64_t ns = -1;
	uint64_t deadline;
	int r;

	if (tv) {
		if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
			return -EINVAL;
		ns = tv->tv_sec > INT64_MAX / 1000000000 - 1 ? INT64_MAX : tv->tv_sec * 1000000000 + tv->tv_usec * 1000;
	}
	deadline = fdtab_deadline(ns);
	r = select_until(nfds, rd, wr, ex, deadline);
	if (tv && r >= 0) {
		/* As Linux: the time not slept is written back. */
		int64_t left = (int64_t)(deadline - fdtab_deadline(0));

		if (left < 0 || deadline == UINT64_MAX)
			left = 0;
		tv->tv_sec = left / 1000000000;
		tv->tv_usec = left % 1000000000 / 1000;
	}
	return r;
}

UK_LLSYSCALL_R_DEFINE6(int, pselect6, int, nfds, fd_set *, rd, fd_set *, wr, fd_set *, ex,
		       const struct timespec *, ts, const void *, sigmask)
{
	int64_t ns = timespec_ns(ts);

	(void)sigmask;
	if (ns == -2)
		return -EINVAL;
	return select_until(nfds, rd, wr, ex, fdtab_deadline(ns));
}

__attribute__((weak)) int pselect(int nfds, fd_set *restrict rd, fd_set *restrict wr, fd_set *restrict ex,
				  const struct timespec *restrict ts, const sigset_t *restrict sigmask)
{
	(void)sigmask;
	return (int)uk_syscall_errno(uk_syscall_r_pselect6(nfds, (long)rd, (long)wr, (long)ex, (long)ts, 0));
}
