/*
 * memmove: copy in the direction that never reads a byte already
 * overwritten -- upward as memcpy does when dst is below src (or the
 * regions are apart), downward otherwise. Downward, each step loads four
 * words before storing any, so a step's own overlap is safe too; the odd
 * bytes go one at a time.
 */
#include <string.h>

#include "word.h"

UK_WORD_ROUTINE void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) {
		/* dst below src, or no overlap at all */
		uk_copy_up(d, s, n);
	} else {
		d += n;
		s += n;
		for (; n >= 4 * UK_WORD; n -= 4 * UK_WORD) {
			d -= 4 * UK_WORD;
			s -= 4 * UK_WORD;
			uint64_t a = uk_load(s), b = uk_load(s + 8), c = uk_load(s + 16), e = uk_load(s + 24);

			uk_store(d + 24, e);
			uk_store(d + 16, c);
			uk_store(d + 8, b);
			uk_store(d, a);
		}
		for (; n >= UK_WORD; n -= UK_WORD) {
			d -= UK_WORD;
			s -= UK_WORD;
			uk_store(d, uk_load(s));
		}
		while (n--)
			*--d = *--s;
	}
	return dst;
}
