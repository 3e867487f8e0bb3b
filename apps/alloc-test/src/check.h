/*
 * alloc-test's check reporting: each check prints one line, "ok <what>" or
 * "FAIL <what> (<file>:<line>)", and failures are counted for main's exit
 * code.
 */
#ifndef ALLOC_TEST_CHECK_H
#define ALLOC_TEST_CHECK_H

#include <stdio.h>

extern int checks_run, checks_failed;

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		int ok_ = !!(cond);                                             \
		checks_run++;                                                   \
		checks_failed += !ok_;                                          \
		printf(ok_ ? "ok " : "FAIL ");                                  \
		printf(__VA_ARGS__);                                            \
		if (!ok_)                                                       \
			printf(" (%s:%d: %s)", __FILE__, __LINE__, #cond);      \
		printf("\n");                                                   \
	} while (0)

struct uk_alloc;

/* Every API check on one allocator; reuses: free gives memory back. */
void api_checks(struct uk_alloc *a, int reuses);
/* malloc & co. from libc land in the default allocator. */
void libc_checks(void);
/* __thread variables in main without a scheduler (the boot thread's block). */
void tls_checks(void);

#endif
