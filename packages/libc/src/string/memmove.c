/*
 * memmove: a forward `rep movsb` is correct whenever dst is below src (the
 * instruction is defined to copy byte by byte, low to high). Otherwise, when
 * the regions overlap, copy high to low with the direction flag set.
 */
#include <stdint.h>
#include <string.h>

void *memmove(void *dst, const void *src, size_t n)
{
	void *ret = dst;

	if ((uintptr_t)dst - (uintptr_t)src >= n) {
		/* dst below src, or no overlap at all */
		__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
	} else {
		void *d = (char *)dst + n - 1;
		const void *s = (const char *)src + n - 1;

		__asm__ volatile("std\n\trep movsb\n\tcld"
				 : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	}
	return ret;
}
