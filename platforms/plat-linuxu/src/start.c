/*
 * Start-up of a linuxu image: take the platform parameters (--uk ... --)
 * out of the process arguments, record the rest as the command line,
 * learn from the auxiliary vector how to set the thread pointer, reserve
 * the heap, and hand over to the booter.
 */
#include <uk/boot.h>
#include "linuxu.h"

void uk_linuxu_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)&sp[1];
	/* The "--" ending the parameters stands in for argv[0], which is skipped. */
	int skip = uk_linuxu_params(argc, argv);
	/* After argv's NULL, the environment's strings and their NULL, then the auxiliary vector. */
	char **envp = argv + argc + 1;

	while (*envp)
		envp++;
	uk_linuxu_tp_init((const long *)(envp + 1));
	uk_linuxu_cmdline_init(argc - skip, argv + skip);
	uk_linuxu_heap_init();
	uk_linuxu_fault_init();
	uk_boot_start();
}
