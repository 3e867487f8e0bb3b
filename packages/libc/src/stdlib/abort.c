/*
 * abort: say so on stderr and stop with status UK_EXIT_ABORT, which a test harness
 * can tell apart from an ordinary failure. No atexit handlers run. stdout
 * is flushed (by the stderr write) so the output leading up to the abort
 * is not lost: on a unikernel it is often the only trace there is.
 */
#include <stdlib.h>
#include <uk/exit.h>
#include <uk/plat.h>

#include "stdio_impl.h"

void abort(void)
{
	__uk_file_write(stderr, "abort()\n", 8);
	uk_plat_exit(UK_EXIT_ABORT);
}
