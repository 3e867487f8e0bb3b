/* fflush: only stdout ever holds data; fflush(NULL) means all streams. */
#include "stdio_impl.h"

int fflush(FILE *f)
{
	(void)f;
	__uk_stdout_flush();
	return 0;
}
