/* tolower: ASCII upper case to lower case; everything else unchanged. */
#include <ctype.h>

int tolower(int c)
{
	return isupper(c) ? c | 32 : c;
}
