/*
 * Host tests only: @uk/alloc-core sets errno through @uk/libc's accessor
 * __uk_errno_location (a weak reference); on the host that accessor hands
 * out glibc's errno, so the tests can check errno as usual.
 */
#include <errno.h>

int *__uk_errno_location(void);

int *__uk_errno_location(void)
{
	return &errno;
}
