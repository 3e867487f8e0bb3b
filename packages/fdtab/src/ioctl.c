/*
 * ioctl's POSIX face, weak so that a C library's own wins. It lives apart
 * from <sys/ioctl.h> on purpose: C libraries disagree on the type of the
 * request (glibc and @uk/libc: unsigned long, musl: int), and without
 * their declaration in sight this file compiles against any of them.
 */
#include <uk/syscall.h>

long uk_syscall_r_ioctl(long fd, long req, long arg);

__attribute__((weak)) int ioctl(int fd, unsigned long req, ...)
{
	__builtin_va_list ap;
	void *arg;

	__builtin_va_start(ap, req);
	arg = __builtin_va_arg(ap, void *);
	__builtin_va_end(ap);
	return (int)uk_syscall_errno(uk_syscall_r_ioctl(fd, (long)req, (long)arg));
}
