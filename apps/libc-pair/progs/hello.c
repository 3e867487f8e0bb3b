/*
 * An ordinary Linux program for the elfloader test, built for the host
 * with glibc (-static-pie) and musl: arguments, environment, thread-local
 * storage, the heap (small and large: brk and mmap), stdio, and an exit
 * code taken from the arguments. Its output and status under uk must be
 * those of the host run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static __thread int tls_counter = 41;

int main(int argc, char **argv)
{
	char *small = malloc(64), *big = malloc(4 << 20);
	const char *who = getenv("WHO");

	if (!small || !big)
		return 99;
	strcpy(small, "heap");
	memset(big, 'x', 4 << 20);
	tls_counter++;
	printf("hello from a Linux executable: argc=%d", argc);
	for (int i = 1; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\nWHO=%s tls=%d %s %c\n", who ? who : "(unset)", tls_counter, small, big[(4 << 20) - 1]);
	fflush(stdout);
	write(1, "written directly\n", 17);
	free(big);
	free(small);
	return argc > 1 ? atoi(argv[1]) : 0;
}
