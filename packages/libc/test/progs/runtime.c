/*
 * Process-level behaviour, one scenario per command-line-free run: the
 * scenario comes from a compile-time SCENARIO number. Exercised: stdout
 * line buffering and its flush at exit, stdout/stderr ordering, atexit
 * order, exit codes, abort, assert (with and without NDEBUG), errno,
 * write(), and the "float" feature switched off.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void first(void)
{
	printf("atexit first registered, runs last\n");
}

static void second(void)
{
	printf("atexit second, no newline at end");
}

int test_main(void)
{
	switch (SCENARIO) {
	case 0: /* return from main: atexit runs, stdout is flushed */
		atexit(first);
		atexit(second);
		printf("partial line ");
		fprintf(stderr, "[err]");
		printf("then newline\n");
		return 3;
	case 1: /* exit() with buffered output that has no newline */
		printf("buffered, no newline");
		exit(5);
	case 2:
		printf("before abort ");
		abort();
	case 3: {
		int x = 2;

		(void)x; /* only the asserts read it, and NDEBUG removes them */
		printf("asserting\n");
		assert(x == 2);
		assert(x + 1 == 4);
		return 0;
	}
	case 4: /* _Exit skips handlers and the flush */
		atexit(first);
		printf("lost");
		_Exit(9);
	case 5: {
		char buf[64];

		errno = 0;
		strtol("99999999999999999999", NULL, 10);
		printf("errno %d %d\n", errno, errno == ERANGE);
		errno = 0;
		printf("write %zd\n", write(1, "raw write\n", 10));
		{
			ssize_t rc = write(7, "x", 1);

			printf("write_bad %zd %d\n", rc, errno == EBADF);
		}
		printf("strerror [%s] [%s] [%s]\n", strerror(ENOMEM), strerror(0), strerror(4000));
		errno = EINVAL;
		snprintf(buf, sizeof(buf), "%m");
		printf("m [%s]\n", buf);
		return 0;
	}
	case 6: /* float feature off */
		printf("[%f] [%8.2e] [%-9g] [%d]\n", 1.5, 2.5, 3.5, 7);
		printf("[%Lf] [%d]\n", (long double)1, 8);
		/* more doubles than the SSE argument registers hold: the rest are on the stack */
		printf("%.0f%.0f%.0f%.0f%.0f%.0f%.0f%.0f%.0f%.0f [%d] %.0Lf [%d]\n", 1., 2., 3., 4., 5., 6., 7., 8., 9., 0., 9,
		       (long double)3, 10);
		return 0;
	case 7: { /* a long line larger than the stdout buffer, then exit code 0 */
		for (int i = 0; i < 100; i++)
			printf("%08d", i);
		printf("\n");
		return 0;
	}
	}
	return 100;
}
