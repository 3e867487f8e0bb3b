/* perror: "s: message" for errno on stderr (just the message when s is empty). */
#include <errno.h>
#include <string.h>

#include "stdio_impl.h"

void perror(const char *s)
{
	const char *msg = strerror(errno);

	if (s && *s) {
		fputs(s, stderr);
		fputs(": ", stderr);
	}
	fputs(msg, stderr);
	fputc('\n', stderr);
}
