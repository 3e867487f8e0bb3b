/*
 * memcpy: gcc emits calls to it for struct copies, so it must be quick:
 * words at a time (uk_copy_up in word.h). No string instruction: QEMU TCG
 * runs `rep movsb` one byte per translated block, which made it the
 * slowest copy there.
 */
#include <string.h>

#include "word.h"

UK_WORD_ROUTINE void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uk_copy_up(dst, src, n);
	return dst;
}
