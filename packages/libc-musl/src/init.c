/*
 * What musl's start-up (__libc_start_main, __init_tls) does for a Linux
 * process that still matters here, done for the image before anything
 * else runs: uk calls main itself and has no auxiliary vector. The page
 * size and an empty auxiliary vector answer sysconf and getauxval; environ
 * starts as an empty list (programs walk it without checking for NULL;
 * getenv.c finds `uk run -e` variables by name). The thread descriptors
 * are thread_self.c's.
 */
#include <stddef.h>
#include <uk/init.h>

#include "libc.h"

/* getauxval finds nothing here: AT_NULL first. */
static size_t no_auxv[2];
static char *no_environment[1];

extern char **__environ;

static int musl_start(void)
{
	libc.auxv = no_auxv;
	libc.page_size = 4096;
	libc.secure = 0;
	__environ = no_environment;
	return 0;
}

UK_INIT(musl_start, UK_INIT_EARLY, UK_INIT_PRIO_FIRST);
