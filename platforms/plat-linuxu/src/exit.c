/* Stopping a linuxu image: the process exits with the image's code. */
#include <uk/exit.h>
#include <uk/plat.h>
#include "syscall.h"

void uk_plat_exit(int code)
{
	if (code < 0 || code > UK_EXIT_MAX)
		code = UK_EXIT_MAX;
	for (;;)
		linux_syscall1(LINUX_SYS_exit_group, code);
}
