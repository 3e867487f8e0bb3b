/* toupper: ASCII lower case to upper case; everything else unchanged. */
#include <ctype.h>

int toupper(int c)
{
	return islower(c) ? c & ~32 : c;
}
