/* isblank: ASCII character class of the "C" locale. */
#include <ctype.h>

int isblank(int c)
{
	return c == ' ' || c == '\t';
}
