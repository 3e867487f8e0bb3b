/* isascii: ASCII character class of the "C" locale. */
#include <ctype.h>

int isascii(int c)
{
	return (unsigned)c < 128;
}
