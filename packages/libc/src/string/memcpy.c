/*
 * memcpy: gcc emits calls to it for struct copies, so it must be quick.
 * Four words per step, then one, then the last few bytes as one word that
 * may overlap bytes already copied (harmless: source and destination do not
 * overlap). No string instruction: QEMU TCG runs `rep movsb` one byte per
 * translated block, which made it the slowest copy there.
 */
#include <string.h>

#include "word.h"

UK_WORD_ROUTINE void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (n < UK_WORD) {
		if (n >= 4) {
			uint32_t a, b;

			__builtin_memcpy(&a, s, 4);
			__builtin_memcpy(&b, s + n - 4, 4);
			__builtin_memcpy(d, &a, 4);
			__builtin_memcpy(d + n - 4, &b, 4);
		} else {
			for (; n; n--)
				*d++ = *s++;
		}
		return dst;
	}
	uint64_t last = uk_load(s + n - UK_WORD);
	unsigned char *end = d + n - UK_WORD;

	for (; n >= 4 * UK_WORD; n -= 4 * UK_WORD, d += 4 * UK_WORD, s += 4 * UK_WORD) {
		uint64_t a = uk_load(s), b = uk_load(s + 8), c = uk_load(s + 16), e = uk_load(s + 24);

		uk_store(d, a);
		uk_store(d + 8, b);
		uk_store(d + 16, c);
		uk_store(d + 24, e);
	}
	for (; n >= UK_WORD; n -= UK_WORD, d += UK_WORD, s += UK_WORD)
		uk_store(d, uk_load(s));
	uk_store(end, last);
	return dst;
}
