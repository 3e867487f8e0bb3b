/* islower: ASCII character class of the "C" locale. */
#include <ctype.h>

int islower(int c)
{
	return (unsigned)(c - 'a') < 26;
}
