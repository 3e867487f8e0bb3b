/*
 * memcpy: gcc emits calls to it for struct copies, so it must be quick.
 * `rep movsb` is the fastest general copy on CPUs with ERMSB (every x86_64
 * of the last decade) and is also the smallest code.
 */
#include <string.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *ret = dst;

	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
	return ret;
}
