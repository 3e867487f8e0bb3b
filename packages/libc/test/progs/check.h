/*
 * Shared by the native test programs. ENTRY is main when a program is built
 * against the host's glibc (HOSTED) and test_main when it runs on the test
 * platform over uk's libc. CHECK prints a FAIL line and counts it;
 * checks_done() prints the "failures N" line the Vitest side looks for and
 * gives the exit status.
 */
#ifndef UK_LIBC_TEST_CHECK_H
#define UK_LIBC_TEST_CHECK_H

#include <stdio.h>

#ifdef HOSTED
#define ENTRY main
#else
#define ENTRY test_main
#endif

static int failures __attribute__((unused));

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                          \
		}                                                            \
	} while (0)

static inline int checks_done(void)
{
	printf("failures %d\n", failures);
	return failures != 0;
}

#endif
