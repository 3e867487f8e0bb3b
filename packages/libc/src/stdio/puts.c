/* puts: a string and a newline to stdout. */
#include <string.h>

#include "stdio_impl.h"

int puts(const char *s)
{
	if (__uk_file_write(stdout, s, strlen(s)) < 0 || __uk_file_write(stdout, "\n", 1) < 0)
		return EOF;
	return 0;
}
