/*
 * write: libc's own, strong, so it is the one linked whether or not
 * @uk/fdtab (whose weak write would otherwise serve) is in the image. It
 * first writes out what stdout holds, so write() and printf output stay in
 * the order the program produced them, then hands the bytes to fdtab's raw
 * write when fdtab is linked (any descriptor), or else to the console for
 * descriptors 1 and 2 (there are no others).
 */
#include <errno.h>
#include <unistd.h>

#include "fdtab_hooks.h"
#include "stdio_impl.h"

ssize_t write(int fd, const void *buf, size_t len)
{
	__uk_stdout_flush();
	if (uk_syscall_r_write) {
		long r = uk_syscall_r_write(fd, (long)buf, (long)len);

		if (r < 0) {
			errno = (int)-r;
			return -1;
		}
		return r;
	}
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	/* Unbuffered either way: write() promises the bytes left. */
	__uk_file_write(stderr, buf, len);
	return (ssize_t)len;
}
