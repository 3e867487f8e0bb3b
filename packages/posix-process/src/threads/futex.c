/*
 * futex over @uk/sched wait queues: WAIT and WAKE (and their BITSET forms,
 * which glibc uses for every timed wait), REQUEUE and CMP_REQUEUE. One
 * address space, so the private and shared forms are the same call. Each
 * waiter sleeps on a wait queue of its own, listed with the word it waits
 * on, so a wake touches only the waiters of that word. The scheduler is
 * cooperative: between reading the word and sleeping nobody else runs, so
 * no wake-up is lost.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <uk/sched.h>
#include <uk/syscall.h>

#include "thread.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_ANY 0xffffffffu

struct waiter {
	uint32_t *addr;
	uint32_t bitset;
	int woken;
	struct waiter *next, *prev;
	struct uk_waitq wq;
};

static struct waiter *head, *tail;

static void unlink_waiter(struct waiter *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	else
		tail = w->prev;
	w->next = w->prev = NULL;
}

int proc_futex_wake(uint32_t *addr, int n, uint32_t bitset)
{
	int woken = 0;

	for (struct waiter *w = head, *next; w && woken < n; w = next) {
		next = w->next;
		if (w->addr != addr || !(w->bitset & bitset))
			continue;
		unlink_waiter(w);
		w->woken = 1;
		uk_waitq_wake_one(&w->wq);
		woken++;
	}
	return woken;
}

static long wait_on(uint32_t *addr, uint32_t val, uint64_t deadline, uint32_t bitset)
{
	struct waiter w = { .addr = addr, .bitset = bitset, .prev = tail };

	if (!bitset)
		return -EINVAL;
	if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) != val)
		return -EAGAIN;
	if (tail)
		tail->next = &w;
	else
		head = &w;
	tail = &w;
	uk_waitq_wait(&w.wq, deadline);
	if (w.woken)
		return 0;
	unlink_waiter(&w);
	return -ETIMEDOUT;
}

static int requeue(uint32_t *addr, int nwake, int nmove, uint32_t *to)
{
	int done = proc_futex_wake(addr, nwake, FUTEX_BITSET_ANY);

	for (struct waiter *w = head; w && nmove > 0; w = w->next) {
		if (w->addr == addr) {
			w->addr = to;
			nmove--;
			done++;
		}
	}
	return done;
}

/* Another operation (PI locks, WAKE_OP): -ENOSYS, said once per operation like an unknown call. */
static long unsupported(int cmd)
{
	static uint32_t logged;

	if (cmd < 0 || cmd >= 32 || !(logged & (1u << cmd))) {
		if (cmd >= 0 && cmd < 32)
			logged |= 1u << cmd;
		fprintf(stderr, "[uk-syscall] futex operation %d is not implemented: ENOSYS\n", cmd);
	}
	return -ENOSYS;
}

static int bad_timespec(const struct timespec *ts)
{
	return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

/* A relative timeout as a monotonic deadline. */
static uint64_t after(const struct timespec *ts)
{
	uint64_t now = uk_sched_monotonic_ns(), ns = ts_ns(ts);

	return ns >= UK_SCHED_FOREVER - now ? UK_SCHED_FOREVER - 1 : now + ns;
}

/* An absolute time on clk as a monotonic deadline. */
static uint64_t at(const struct timespec *ts, int realtime)
{
	uint64_t want = ts_ns(ts), now = uk_sched_monotonic_ns();

	if (realtime) {
		uint64_t wall = uk_sched_wall_ns();

		return want <= wall ? now : now + (want - wall);
	}
	return want > now ? want : now;
}

UK_LLSYSCALL_R_DEFINE6(long, futex, uint32_t *, addr, int, op, uint32_t, val, const struct timespec *, timeout,
		       uint32_t *, addr2, uint32_t, val3)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	uint64_t deadline = UK_SCHED_FOREVER;

	if ((uintptr_t)addr & 3)
		return -EINVAL;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (timeout) {
			if (bad_timespec(timeout))
				return -EINVAL;
			deadline = cmd == FUTEX_WAIT ? after(timeout) : at(timeout, op & FUTEX_CLOCK_REALTIME);
		}
		return wait_on(addr, val, deadline, cmd == FUTEX_WAIT ? FUTEX_BITSET_ANY : val3);
	case FUTEX_WAKE:
		return proc_futex_wake(addr, (int)val, FUTEX_BITSET_ANY);
	case FUTEX_WAKE_BITSET:
		return val3 ? proc_futex_wake(addr, (int)val, val3) : -EINVAL;
	case FUTEX_CMP_REQUEUE:
		if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) != val3)
			return -EAGAIN;
		/* fall through */
	case FUTEX_REQUEUE:
		return requeue(addr, (int)val, (int)(uintptr_t)timeout, addr2);
	default:
		return unsupported(cmd);
	}
}
