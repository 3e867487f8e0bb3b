/*
 * The plat API offers the command line as one string (as QEMU's -append
 * does on kvm), so the process arguments after argv[0] are joined here with
 * the quoting the booter undoes: words with blanks, quotes or backslashes
 * are wrapped in double quotes with \" and \\ escaped.
 */
#include <uk/plat.h>
#include "linuxu.h"

#define CMDLINE_MAX 4096

static char cmdline[CMDLINE_MAX];

static int needs_quotes(const char *s)
{
	if (!*s)
		return 1;
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '"' || *s == '\\')
			return 1;
	return 0;
}

void uk_linuxu_cmdline_init(int argc, char **argv)
{
	unsigned n = 0;
	/* Leave room for a closing quote and the terminator at every step. */
	const unsigned room = CMDLINE_MAX - 3;

	for (int i = 1; i < argc && n < room; i++) {
		const char *a = argv[i];
		int q = needs_quotes(a);
		if (i > 1)
			cmdline[n++] = ' ';
		if (q)
			cmdline[n++] = '"';
		for (; *a && n < room; a++) {
			if (q && (*a == '"' || *a == '\\'))
				cmdline[n++] = '\\';
			cmdline[n++] = *a;
		}
		if (q)
			cmdline[n++] = '"';
	}
	cmdline[n] = '\0';
}

const char *uk_plat_cmdline(void)
{
	return cmdline;
}
