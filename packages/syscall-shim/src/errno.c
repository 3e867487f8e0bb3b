/* uk_syscall_errno: raw results (value or -errno) in the POSIX convention. */
#include <errno.h>
#include <uk/syscall.h>

long uk_syscall_errno(long r)
{
	if ((unsigned long)r > -4096UL) {
		errno = (int)-r;
		return -1;
	}
	return r;
}
