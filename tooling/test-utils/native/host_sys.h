/*
 * The shared half of a package's test-only host platform (host_start.c):
 * a raw Linux system call, and the test program's entry it calls.
 */
#ifndef UK_TEST_HOST_SYS_H
#define UK_TEST_HOST_SYS_H

long host_sys(long nr, long a, long b, long c);

/* The test program's main, called after the init table has run. */
int test_main(void);

#endif
