/* getdelim and getline: a whole line into a buffer grown with realloc. */
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>

#include "stdio_impl.h"

ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim, FILE *restrict f)
{
	size_t n = 0;

	if (!line || !cap) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		int c = fgetc(f);

		if (n + 2 > *cap || !*line) {
			size_t want = *cap < 64 ? 128 : *cap * 2;
			char *p = realloc(*line, want);

			if (!p) {
				errno = ENOMEM;
				return -1;
			}
			*line = p;
			*cap = want;
		}
		if (c == EOF)
			break;
		(*line)[n++] = (char)c;
		if (c == delim)
			break;
	}
	(*line)[n] = 0;
	return n ? (ssize_t)n : -1;
}

ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f)
{
	return getdelim(line, cap, '\n', f);
}
