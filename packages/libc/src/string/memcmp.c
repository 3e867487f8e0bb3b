/*
 * memcmp: compare bytes as unsigned char, as the standard requires. Equal
 * words are skipped a word at a time; in the first unequal pair, byte order
 * reversed makes the integer comparison the comparison of the first
 * differing bytes.
 */
#include <string.h>

#include "word.h"

UK_WORD_ROUTINE int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n >= UK_WORD; n -= UK_WORD, p += UK_WORD, q += UK_WORD) {
		uint64_t x = uk_load(p), y = uk_load(q);

		if (x != y) {
			x = __builtin_bswap64(x);
			y = __builtin_bswap64(y);
			return x < y ? -1 : 1;
		}
	}
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}
