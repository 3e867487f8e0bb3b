/*
 * memset: gcc emits calls to it for zeroing. The byte spread over a word,
 * stored four words per step; the last few bytes as one word that may
 * overlap bytes already set. No `rep stosb`: QEMU TCG runs it one byte per
 * translated block.
 */
#include <string.h>

#include "word.h"

UK_WORD_ROUTINE void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t v = (unsigned char)c * UK_ONES;

	if (n < UK_WORD) {
		for (; n; n--)
			*d++ = (unsigned char)c;
		return dst;
	}
	uk_store(d + n - UK_WORD, v);
	for (; n >= 4 * UK_WORD; n -= 4 * UK_WORD, d += 4 * UK_WORD) {
		uk_store(d, v);
		uk_store(d + 8, v);
		uk_store(d + 16, v);
		uk_store(d + 24, v);
	}
	for (; n >= UK_WORD; n -= UK_WORD, d += UK_WORD)
		uk_store(d, v);
	return dst;
}
