/*
 * fs-test: the filesystem checks that need an image, one per first
 * argument. "oracle ROOT SEED STEP..." runs the shared oracle program
 * (@uk/fs-oracle); the others are in their own files.
 */
#include <stdio.h>
#include <string.h>
#include <uk/fs_oracle.h>

#include "cases.h"

int main(int argc, char **argv)
{
	/* A marker the tests cut the console at (firmware may print before). */
	printf("fs-test: start\n");
	if (argc >= 2 && !strcmp(argv[1], "oracle"))
		return uk_fs_oracle_main(argc - 1, argv + 1);
	if (argc == 3 && !strcmp(argv[1], "enospc"))
		return enospc(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "threads"))
		return threads(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "cat"))
		return cat(argv[2]);
	fprintf(stderr, "usage: fs-test oracle ROOT SEED STEP... | enospc DIR | threads DIR | cat FILE\n");
	return 2;
}
