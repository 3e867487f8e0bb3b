/* atexit: remember functions for exit() to call, latest first. */
#include <stdlib.h>

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

/* Called by exit(); a handler may itself register more, so pop one by one. */
void __uk_atexit_run(void)
{
	while (count > 0)
		handlers[--count]();
}
