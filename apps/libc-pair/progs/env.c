/*
 * The environment as an ordinary program sees it: its arguments, the
 * variables it was given (those named PROG_*, in order), getenv, setenv
 * and unsetenv, uname's system name, a positive process id. Exits with
 * the number given as its first argument.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char *argv[])
{
	struct utsname u;

	for (int i = 1; i < argc; i++)
		printf("argv[%d]=<%s>\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "PROG_", 5) == 0)
			printf("env %s\n", *e);
	printf("getenv PROG_A=%s unset=%s\n", getenv("PROG_A") ? getenv("PROG_A") : "(null)",
	       getenv("PROG_NOT_SET") ? "set" : "(null)");
	setenv("PROG_NEW", "fresh", 1);
	setenv("PROG_A", "kept", 0);
	unsetenv("PROG_B");
	printf("after: PROG_NEW=%s PROG_A=%s PROG_B=%s\n", getenv("PROG_NEW"), getenv("PROG_A"),
	       getenv("PROG_B") ? getenv("PROG_B") : "(null)");
	if (uname(&u) != 0)
		return 90;
	printf("sysname=%s pid positive=%d\n", u.sysname, getpid() > 0);
	return argc > 1 ? atoi(argv[1]) : 0;
}
