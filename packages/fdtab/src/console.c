/*
 * The console as a file: descriptors 1 and 2 write to the platform
 * console, descriptor 0 reads what arrives on it. The platform has no
 * input interrupt, so poll takes waiting bytes into a small buffer here
 * (that is how it can tell "readable" without losing them) and a blocking
 * read waits in idle slices until some arrive. A write first empties stdio's stdout buffer, so output of
 * write/writev/syscall and printf stays in program order. A character
 * device to fstat, a terminal to isatty.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <uk/config.h>
#include <uk/plat.h>

#include "console.h"
#include "fdtab_impl.h"

/* How long a blocked reader idles before it asks the platform again. */
#define INPUT_POLL_NS 1000000ull

static char pending[64];
static size_t pending_len, pending_off;
static int input_ended;

/* Take what the platform has waiting; 1 when bytes or the end are known. */
static int input_ready(void)
{
	long n;

	if (pending_off < pending_len || input_ended)
		return 1;
	n = uk_plat_console_read(pending, sizeof(pending));
	if (n < 0) {
		input_ended = 1;
		return 1;
	}
	pending_off = 0;
	pending_len = (size_t)n;
	return n > 0;
}

static ssize_t console_read(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	ssize_t n = 0;

	(void)pos;
	while (!input_ready()) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		uk_file_wait(uk_plat_monotonic_ns() + INPUT_POLL_NS);
	}
	/* Like a terminal: what has arrived, never more than one buffer's worth. */
	for (int i = 0; i < iovcnt && pending_off < pending_len; i++) {
		size_t take = pending_len - pending_off;

		if (take > iov[i].iov_len)
			take = iov[i].iov_len;
		memcpy(iov[i].iov_base, pending + pending_off, take);
		pending_off += take;
		n += (ssize_t)take;
	}
	return n; /* 0: the input has ended */
}

static ssize_t console_write(struct uk_file *f, const struct iovec *iov, int iovcnt, off_t *pos)
{
	ssize_t n = 0;

	(void)f;
	(void)pos;
#ifdef CONFIG_HAVE_UK_LIBC
	/* @uk/libc's stdout writes to the console itself, not through here. A
	 * C library whose stdio writes through descriptors (musl) is in order
	 * already, and flushing from inside its own write would repeat it. */
	fflush(stdout);
#endif
	for (int i = 0; i < iovcnt; i++) {
		uk_plat_console_write(iov[i].iov_base, iov[i].iov_len);
		n += (ssize_t)iov[i].iov_len;
	}
	return n;
}

static int console_stat(struct uk_file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0620;
	st->st_nlink = 1;
	st->st_rdev = (5UL << 8) | 1; /* what Linux reports for /dev/console */
	st->st_blksize = 1024;
	return 0;
}

/* The kernel's struct termios that TCGETS fills (not libc's larger one). */
#define KERNEL_TERMIOS_SIZE 36

static int console_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	(void)f;
	switch (req) {
	case TCGETS:
		memset(arg, 0, KERNEL_TERMIOS_SIZE);
		return 0;
	case TIOCGWINSZ: {
		struct winsize *ws = arg;

		memset(ws, 0, sizeof(*ws));
		ws->ws_row = 24;
		ws->ws_col = 80;
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

static unsigned console_poll(struct uk_file *f)
{
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return POLLOUT;
	if (input_ready())
		return POLLOUT | POLLIN;
	fdtab_repoll = 1; /* nothing will wake a waiter when input comes */
	return POLLOUT;
}

static const struct uk_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.stat = console_stat,
	.ioctl = console_ioctl,
	.poll = console_poll,
};

/* One reference each, held by the table; never released. */
struct uk_file uk_fdtab_console_in = { &console_ops, NULL, O_RDONLY, 1, 0, 0 };
struct uk_file uk_fdtab_console_out = { &console_ops, NULL, O_WRONLY, 1, 0, 0 };
struct uk_file uk_fdtab_console_err = { &console_ops, NULL, O_WRONLY, 1, 0, 0 };
