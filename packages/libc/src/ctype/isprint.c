/* isprint: ASCII character class of the "C" locale. */
#include <ctype.h>

int isprint(int c)
{
	return (unsigned)(c - 32) < 95;
}
