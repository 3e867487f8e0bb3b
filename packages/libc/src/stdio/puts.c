/* puts: a string and a newline to stdout. */
#include <string.h>

#include "stdio_impl.h"

int puts(const char *s)
{
	__uk_file_write(stdout, s, strlen(s));
	__uk_file_write(stdout, "\n", 1);
	return 0;
}
