/* fputs: a string to a stream, without adding a newline. */
#include <string.h>

#include "stdio_impl.h"

int fputs(const char *restrict s, FILE *restrict f)
{
	return __uk_file_write(f, s, strlen(s)) < 0 ? EOF : 0;
}
