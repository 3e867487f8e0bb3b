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

typedef uint64_t __attribute__((may_alias, aligned(1))) uk_word_u;

#define UK_WORD sizeof(uint64_t)
#define UK_ONES 0x0101010101010101ULL
#define UK_HIGHS 0x8080808080808080ULL

static inline uint64_t uk_load(const void *p)
{
	return *(const uk_word_u *)p;
}

static inline void uk_store(void *p, uint64_t v)
{
	*(uk_word_u *)p = v;
}

/* Non-zero when some byte of v is zero; its lowest set bit marks the first one. */
static inline uint64_t uk_zero_bytes(uint64_t v)
{
	return (v - UK_ONES) & ~v & UK_HIGHS;
}

/*
 * The attributes of every routine built on these words. gcc would turn
 * the word loops back into calls of memcpy or memset, which is the
 * function being written: keep each loop as it is. And it would vectorise
 * them into SSE, which these routines must not use: they run in early
 * boot on kvm, before the platform enables SSE, and nested KVM
 * (kvm_pvm) cannot emulate an SSE instruction ("KVM internal error").
 */
#define UK_WORD_ROUTINE __attribute__((optimize("no-tree-loop-distribute-patterns"), target("general-regs-only")))

#endif
