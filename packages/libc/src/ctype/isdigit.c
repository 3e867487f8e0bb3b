/* isdigit: ASCII character class of the "C" locale. */
#include <ctype.h>

int isdigit(int c)
{
	return (unsigned)(c - '0') < 10;
}
