/*
 * exit: atexit handlers, then stdout's last bytes, then the platform stops
 * the machine with the status (which it reports, clamped to 0..127).
 */
#include <stdlib.h>
#include <uk/plat.h>

#include "stdio_impl.h"

void __uk_atexit_run(void);

void exit(int status)
{
	__uk_atexit_run();
	__uk_stdout_flush();
	uk_plat_exit(status);
}
