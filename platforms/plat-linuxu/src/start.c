/*
 * Start-up of a linuxu image: record the process arguments as the command
 * line, reserve the heap, and hand over to the booter.
 */
#include <uk/boot.h>
#include "linuxu.h"

void uk_linuxu_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)&sp[1];

	uk_linuxu_cmdline_init(argc, argv);
	uk_linuxu_heap_init();
	uk_boot_start();
}
