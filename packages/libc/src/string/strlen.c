/*
 * strlen: length of a NUL-terminated string. Bytes up to the first aligned
 * word, then aligned words until one holds a zero byte. An aligned word
 * never crosses a page boundary, so reading the whole word that holds the
 * terminator cannot fault even when the string ends at a page's last byte.
 */
#include <string.h>

#include "word.h"

UK_WORD_ROUTINE size_t strlen(const char *s)
{
	const char *p = s;

	for (; (uintptr_t)p % UK_WORD; p++)
		if (!*p)
			return (size_t)(p - s);
	for (;; p += UK_WORD) {
		uint64_t z = uk_zero_bytes(uk_load(p));

		if (z)
			return (size_t)(p - s) + (size_t)__builtin_ctzll(z) / 8;
	}
}
