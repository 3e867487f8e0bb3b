/* The test cases of sched-test and a failure helper they share. */
#ifndef SCHED_TEST_CASES_H
#define SCHED_TEST_CASES_H

#include <stdio.h>
#include <uk/sched.h>

struct sched_case {
	const char *name;
	int (*run)(int argc, char *argv[]);
};

#define CHECK(cond, ...)                                  \
	do {                                              \
		if (!(cond)) {                            \
			printf("FAIL %s: ", __func__);    \
			printf(__VA_ARGS__);              \
			printf("\n");                     \
			return 1;                         \
		}                                         \
	} while (0)

int case_order(int, char **);
int case_join(int, char **);
int case_sleep(int, char **);
int case_mbox(int, char **);
int case_mutex(int, char **);
int case_cond(int, char **);
int case_errno(int, char **);
int case_many(int, char **);
int case_idle(int, char **);
int case_overflow(int, char **);
int case_pthread(int, char **);
int case_bench(int, char **);

#endif
