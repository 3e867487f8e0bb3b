/*
 * syscall(): the C library's run-time entry to any system call by number,
 * with the POSIX convention on top of uk_syscall_r's -errno results.
 * Missing arguments are read as whatever the registers hold, which the
 * callee ignores, as with the kernel's own syscall().
 */
#include <stdarg.h>
#include <unistd.h>
#include <uk/syscall.h>

long syscall(long nr, ...)
{
	va_list ap;
	long a[6];

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return uk_syscall_errno(uk_syscall_r(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
}
