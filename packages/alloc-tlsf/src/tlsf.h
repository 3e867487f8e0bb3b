/*
 * Internal state of the TLSF allocator, shared by the algorithm (tlsf.c)
 * and the allocator handle (handle.c).
 */
#ifndef UK_ALLOC_TLSF_INTERNAL_H
#define UK_ALLOC_TLSF_INTERNAL_H

#include <uk/alloc_impl.h>

#define TLSF_ALIGN 16
#define TLSF_SL_LOG2 5 /* 32 second-level lists per first-level class */
#define TLSF_SL_COUNT (1u << TLSF_SL_LOG2)
/* Sizes below 2^TLSF_FL_SHIFT (512) map linearly, one list per 16 bytes. */
#define TLSF_FL_SHIFT (TLSF_SL_LOG2 + 4)
#define TLSF_SIZE_BITS 47 /* block sizes are below 2^47 */
#define TLSF_FL_COUNT (TLSF_SIZE_BITS - TLSF_FL_SHIFT + 1)

/* A block's boundary tag; the list links exist only while it is free. */
struct tlsf_block {
	struct tlsf_block *prev_phys; /* valid only while the previous block is free */
	size_t header;                /* payload size | tag | flags */
	struct tlsf_block *next_free, *prev_free;
};

struct tlsf {
	struct uk_alloc a; /* first, so a handle converts to its state */
	uint64_t fl_bitmap;
	uint32_t sl_bitmap[TLSF_FL_COUNT];
	/* A list head is only meaningful while its bitmap bit is set, so
	 * the table is never cleared: creating the allocator stays O(1). */
	struct tlsf_block *lists[TLSF_FL_COUNT][TLSF_SL_COUNT];
	/* What the links at either end of a free list point to. Unlinking
	 * then writes through both links unconditionally (nil absorbs the
	 * writes) instead of branching on where in its list a block sits. */
	struct tlsf_block nil;
	size_t free_bytes;
	uintptr_t lo, hi; /* bounds of all pools, to reject foreign pointers */
};

void tlsf_init(struct tlsf *t);
int tlsf_add_pool(struct tlsf *t, void *base, size_t len);
/* The hot operations take the handle, so the ops table points at them. */
void *tlsf_malloc(struct uk_alloc *a, size_t size);
void *tlsf_memalign(struct uk_alloc *a, size_t align, size_t size);
void *tlsf_realloc(struct uk_alloc *a, void *p, size_t size);
size_t tlsf_free(struct uk_alloc *a, void *p);
size_t tlsf_usable_size(struct uk_alloc *a, void *p);
size_t tlsf_max_alloc(struct tlsf *t);

#endif
