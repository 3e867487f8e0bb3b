/*
 * Private to the C library: the 8-byte word the string and memory routines
 * move at a time. Copying and scanning a word per step instead of a byte
 * cuts the instructions executed eightfold, which matters most where every
 * instruction is emulated (QEMU TCG runs each iteration of `rep movsb` as a
 * separate translated block). Loads and stores may be unaligned: x86_64
 * allows it, and may_alias lets a word overlay any object.
 */
#ifndef _UK_LIBC_WORD_H
#define _UK_LIBC_WORD_H

#include <stddef.h>
#include <stdint.h>

/*
 * The attributes of every routine built on these words. gcc would turn
 * the word loops back into calls of memcpy or memset, which is the
 * function being written: keep each loop as it is. And it would vectorise
 * them into SSE, which these routines must not use: they run in early
 * boot on kvm, before the platform enables SSE, and nested KVM
 * (kvm_pvm) cannot emulate an SSE instruction ("KVM internal error").
 * The word helpers below carry them too: gcc inlines a function only into
 * callers compiled for the same target, and a call per word would cost
 * more than the byte it saves.
 */
#define UK_WORD_ROUTINE __attribute__((optimize("no-tree-loop-distribute-patterns"), target("general-regs-only")))

typedef uint64_t __attribute__((may_alias, aligned(1))) uk_word_u;

#define UK_WORD sizeof(uint64_t)
#define UK_ONES 0x0101010101010101ULL
#define UK_HIGHS 0x8080808080808080ULL

UK_WORD_ROUTINE static inline uint64_t uk_load(const void *p)
{
	return *(const uk_word_u *)p;
}

UK_WORD_ROUTINE static inline void uk_store(void *p, uint64_t v)
{
	*(uk_word_u *)p = v;
}

/* Non-zero when some byte of v is zero; its lowest set bit marks the first one. */
UK_WORD_ROUTINE static inline uint64_t uk_zero_bytes(uint64_t v)
{
	return (v - UK_ONES) & ~v & UK_HIGHS;
}

/*
 * Copies n bytes upward: memcpy's whole work, and memmove's when the
 * destination is below the source. Four words per step, then one, then
 * the last few bytes as one word that may rewrite bytes already copied
 * with the same values. Overlap with the destination below is safe: the
 * last word is loaded before anything is stored, and each step loads its
 * words before storing them, never below a byte still to be read.
 */
UK_WORD_ROUTINE static inline void uk_copy_up(unsigned char *d, const unsigned char *s, size_t n)
{
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
		return;
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
}

#endif
