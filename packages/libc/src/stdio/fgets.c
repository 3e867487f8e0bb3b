/* fgets: a line (with its newline) or as much as fits, NUL-terminated. */
#include "stdio_impl.h"

char *fgets(char *restrict s, int size, FILE *restrict f)
{
	int i = 0;

	if (size <= 0)
		return 0;
	while (i < size - 1) {
		int c = fgetc(f);

		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (!i)
		return 0;
	s[i] = 0;
	return s;
}
