/* isalnum: ASCII character class of the "C" locale. */
#include <ctype.h>

int isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}
