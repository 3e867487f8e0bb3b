/*
 * Start-up of a linuxu image: take the platform parameters (--uk ... --)
 * out of the process arguments, record the rest as the command line,
 * reserve the heap, and hand over to the booter.
 */
#include <uk/boot.h>
#include "linuxu.h"

void uk_linuxu_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)&sp[1];
	/* The "--" ending the parameters stands in for argv[0], which is skipped. */
	int skip = uk_linuxu_params(argc, argv);

	uk_linuxu_cmdline_init(argc - skip, argv + skip);
	uk_linuxu_heap_init();
	uk_linuxu_fault_init();
	uk_boot_start();
}
