/*
 * abort, as @uk/libc's: stdout flushed so the output leading up to it is
 * kept (on a unikernel often the only trace), "abort()" on stderr, and the
 * image stops at once with UK_EXIT_ABORT, which a harness tells apart from
 * an ordinary failure. musl's version raises SIGABRT, and a unikernel has
 * nobody to deliver a signal to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <uk/exit.h>
#include <uk/plat.h>

_Noreturn void abort(void)
{
	fflush(stdout);
	write(2, "abort()\n", 8);
	uk_plat_exit(UK_EXIT_ABORT);
}
