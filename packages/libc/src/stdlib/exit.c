/*
 * exit: hand over to the booter's normal shutdown, the same path a return
 * from main takes. Its shutdown hooks run the atexit handlers (atexit.c)
 * and write out what stdout still holds (stdio/file.c), then the platform
 * stops the machine with the status.
 */
#include <stdlib.h>
#include <uk/boot.h>

void exit(int status)
{
	uk_boot_shutdown(status);
}
