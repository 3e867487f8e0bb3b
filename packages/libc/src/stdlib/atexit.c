/*
 * atexit: remember functions to call, latest first, when the image stops
 * normally. They run from a shutdown hook of the booter, so they also run
 * when main returns, as C requires; at the highest priority, before other
 * libraries tear anything down.
 */
#include <stdlib.h>
#include <uk/init.h>

#ifndef CONFIG_UK_LIBC_ATEXIT_MAX
#define CONFIG_UK_LIBC_ATEXIT_MAX 32
#endif

static void (*handlers[CONFIG_UK_LIBC_ATEXIT_MAX])(void);
static int count;

int atexit(void (*fn)(void))
{
	if (count == CONFIG_UK_LIBC_ATEXIT_MAX)
		return -1;
	handlers[count++] = fn;
	return 0;
}

/* A handler may register more, so pop them one at a time. */
static void libc_run_atexit(void)
{
	while (count > 0)
		handlers[--count]();
}

UK_FINI(libc_run_atexit, 9);
