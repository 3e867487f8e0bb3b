/*
 * Host test only: @uk/alloc-core sets errno through @uk/libc's accessor
 * (a weak reference); on the host it hands out glibc's errno.
 */
#include <errno.h>

int *__uk_errno_location(void);

int *__uk_errno_location(void)
{
	return &errno;
}
