/* Stopping a linuxu image: the process exits with the image's code. */
#include <uk/plat.h>
#include "syscall.h"

void uk_plat_exit(int code)
{
	if (code < 0 || code > 127)
		code = 127;
	for (;;)
		linux_syscall1(LINUX_SYS_exit_group, code);
}
