/* The smallest realistic app: what printf-based hello costs in libc. */
#include <stdio.h>

int test_main(void)
{
	printf("hello, %s %d\n", "world", 42);
	return 0;
}
