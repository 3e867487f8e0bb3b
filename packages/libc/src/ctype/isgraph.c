/* isgraph: ASCII character class of the "C" locale. */
#include <ctype.h>

int isgraph(int c)
{
	return (unsigned)(c - 33) < 94;
}
