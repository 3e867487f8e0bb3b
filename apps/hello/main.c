/*
 * hello: the smallest useful uk app. Greets, lists its arguments, and
 * returns the number given as the first argument so that tests and
 * benchmarks can check that exit codes travel from main to the host.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
	printf("Hello from uk\n");
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	return argc > 1 ? atoi(argv[1]) : 0;
}
