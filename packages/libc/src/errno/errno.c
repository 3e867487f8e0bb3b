/*
 * Where errno lives. Weak, so that a scheduler library can provide a
 * per-thread __uk_errno_location and this single-threaded one drops out.
 */
#include <errno.h>

static int errno_value;

__attribute__((weak)) int *__uk_errno_location(void)
{
	return &errno_value;
}
