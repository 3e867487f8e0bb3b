/*
 * volume-test: POSIX file code (the C library over @uk/vfs) against host
 * directories that `uk run -v` shares over 9P (@uk/fs-9p). The first
 * argument picks the job:
 *   oracle ROOT SEED STEP...   the shared oracle program (@uk/fs-oracle)
 *   threads DIR N SIZE         N threads each write DIR/tK, then read it back
 *                              through another descriptor, all at once
 *   CMD ARG...                 a chain of file commands (files.c)
 * Each result or error (errno's name) is one line; exit 0 when all
 * succeeded, 1 when one failed, 2 for bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/fs_oracle.h>
#include "volume.h"

int main(int argc, char **argv)
{
	/* A marker the tests cut the console at (firmware may print before). */
	printf("volume-test: start\n");
	if (argc >= 2 && !strcmp(argv[1], "oracle"))
		return uk_fs_oracle_main(argc - 1, argv + 1);
	if (argc == 5 && !strcmp(argv[1], "threads"))
		return run_threads(argv[2], atoi(argv[3]), strtoul(argv[4], 0, 0));
	return run_commands(argc - 1, argv + 1);
}
