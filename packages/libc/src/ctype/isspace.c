/* isspace: ASCII character class of the "C" locale. */
#include <ctype.h>

int isspace(int c)
{
	return c == ' ' || (unsigned)(c - '\t') < 5;
}
