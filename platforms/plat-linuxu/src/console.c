/*
 * Console of a linuxu image: the process's standard output, and its
 * standard input for reading. Input is taken only when poll() says it is
 * there, so a read never blocks the whole image (the descriptor's flags
 * are shared with whoever started us, so O_NONBLOCK is not an option).
 */
#include <uk/plat.h>
#include "syscall.h"

#define LINUX_EINTR 4
#define LINUX_POLLIN 0x1
#define LINUX_POLLNVAL 0x20

struct linux_pollfd {
	int fd;
	short events, revents;
};

void uk_plat_console_write(const char *buf, size_t len)
{
	while (len > 0) {
		long n = linux_syscall3(LINUX_SYS_write, 1, (long)buf, (long)len);
		if (n == -LINUX_EINTR)
			continue;
		if (n <= 0)
			return; /* stdout closed: nothing sensible left to do */
		buf += n;
		len -= (size_t)n;
	}
}

long uk_plat_console_read(char *buf, size_t len)
{
	struct linux_pollfd p = { 0, LINUX_POLLIN, 0 };
	long n;

	if (len == 0)
		return 0;
	if (linux_syscall3(LINUX_SYS_poll, (long)&p, 1, 0) <= 0)
		return 0;
	if (p.revents & LINUX_POLLNVAL)
		return -1; /* no standard input at all */
	n = linux_syscall3(LINUX_SYS_read, 0, (long)buf, (long)len);
	if (n == 0)
		return -1; /* end of file: the input has ended */
	return n < 0 ? 0 : n;
}
