/* Console of a linuxu image: the process's standard output. */
#include <uk/plat.h>
#include "syscall.h"

#define LINUX_EINTR 4

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
