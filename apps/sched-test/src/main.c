/*
 * sched-test: one scheduler test or benchmark per run, chosen by the first
 * argument. Every test prints "ok <name>" and returns 0, or prints
 * "FAIL <name>: why" and returns 1, so the Vitest driver only has to look
 * at the exit code and the output.
 */
#include <stdio.h>
#include <string.h>
#include "cases.h"

static const struct sched_case cases[] = {
	{ "order", case_order },
	{ "join", case_join },
	{ "sleep", case_sleep },
	{ "mbox", case_mbox },
	{ "mutex", case_mutex },
	{ "cond", case_cond },
	{ "errno", case_errno },
	{ "many", case_many },
	{ "idle", case_idle },
	{ "overflow", case_overflow },
	{ "pthread", case_pthread },
	{ "bench", case_bench },
};

int main(int argc, char *argv[])
{
	if (argc < 2) {
		printf("usage: sched-test <case>\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!strcmp(argv[1], cases[i].name))
			return cases[i].run(argc - 1, argv + 1);
	printf("unknown case %s\n", argv[1]);
	return 2;
}
