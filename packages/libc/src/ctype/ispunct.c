/* ispunct: ASCII character class of the "C" locale. */
#include <ctype.h>

int ispunct(int c)
{
	return isgraph(c) && !isalnum(c);
}
