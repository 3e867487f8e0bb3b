/* The failure path of assert(): report where, then abort(). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

void __uk_assert_fail(const char *expr, const char *file, int line, const char *func)
{
	fprintf(stderr, "Assertion failed: %s (%s:%d: %s)\n", expr, file, line, func);
	abort();
}
