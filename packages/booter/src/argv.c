/*
 * Command-line splitting for the booter. The platform hands over one string
 * (QEMU's -append, or the process arguments joined with the same quoting),
 * and main wants argv. Quoting follows what `uk run` produces: arguments
 * with blanks or quotes are wrapped in double quotes, with \" and \\ inside.
 */
#include "argv.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

int uk_booter_split_args(const char *s, char *buf, size_t buf_size,
			 char **argv, int max_args)
{
	size_t used = 0;
	int argc = 0;

	for (;;) {
		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		if (argc == max_args)
			return -1;
		argv[argc++] = &buf[used];
		int quoted = 0;
		while (*s && (quoted || !is_blank(*s))) {
			char c = *s++;
			if (c == '"') {
				quoted = !quoted;
				continue;
			}
			if (quoted && c == '\\' && (*s == '"' || *s == '\\'))
				c = *s++;
			if (used + 1 >= buf_size)
				return -1;
			buf[used++] = c;
		}
		if (used + 1 > buf_size)
			return -1;
		buf[used++] = '\0';
	}
	argv[argc] = NULL;
	return argc;
}
