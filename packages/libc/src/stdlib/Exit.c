/* _Exit and _exit: stop at once: no atexit handlers, no shutdown hooks, no flush. */
#include <stdlib.h>
#include <unistd.h>
#include <uk/plat.h>

void _Exit(int status)
{
	uk_plat_exit(status);
}

void _exit(int status)
{
	uk_plat_exit(status);
}
