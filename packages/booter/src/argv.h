/* Splits a command line into argv words; shared by the booter and its tests. */
#ifndef UK_BOOTER_ARGV_H
#define UK_BOOTER_ARGV_H

#include <stddef.h>

/*
 * Splits cmdline into at most max_args words stored in buf (buf_size bytes).
 * Words are separated by blanks; double quotes group, and inside them a
 * backslash escapes " and \. Returns the number of words, or -1 when the
 * words do not fit.
 */
int uk_booter_split_args(const char *cmdline, char *buf, size_t buf_size,
			 char **argv, int max_args);

#endif
