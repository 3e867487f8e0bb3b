/*
 * Internal state of the binary buddy allocator, shared by its page layer
 * (pages.c) and its handle (buddy.c).
 */
#ifndef UK_ALLOC_BUDDY_INTERNAL_H
#define UK_ALLOC_BUDDY_INTERNAL_H

#include <uk/alloc_impl.h>
#include <uk/alloc_objlayer.h>

/* Largest block: 2^BUDDY_MAX_ORDER pages (1 TiB with 4 KiB pages). */
#define BUDDY_MAX_ORDER 28
#define BUDDY_NORDERS (BUDDY_MAX_ORDER + 1)

struct buddy_region;

/* Lives in the first bytes of every free block. */
struct buddy_node {
	struct buddy_node *next, *prev;
	struct buddy_region *region;
};

/*
 * A range of memory handed to the allocator. Its first pages hold this
 * descriptor and one mark byte per data page. Data pages are carved into
 * top-level blocks lazily, from low to high addresses, only when the free
 * lists run dry: setting up a region writes the descriptor and nothing else.
 */
struct buddy_region {
	uintptr_t base;  /* first data page */
	size_t npages;   /* data pages */
	size_t carved;   /* data pages carved so far, a prefix */
	unsigned char *marks;
	struct buddy_region *next;
};

struct buddy {
	struct uk_alloc a; /* first, so a handle converts to its state */
	struct uk_objlayer ol;
	struct buddy_node lists[BUDDY_NORDERS]; /* circular, heads are sentinels */
	uint32_t nonempty;                      /* bit k: lists[k] is not empty */
	struct buddy_region *regions;
	size_t free_pages;     /* in the free lists */
	size_t uncarved_pages; /* not yet carved, in all regions */
};

void buddy_pages_init(struct buddy *b);
int buddy_pages_addmem(struct buddy *b, void *base, size_t len);
void *buddy_pages_alloc(struct buddy *b, size_t npages);
int buddy_pages_free(struct buddy *b, void *p, size_t npages);
/* Order of the largest block buddy_pages_alloc could return now, or -1. */
int buddy_pages_max_order(struct buddy *b);

#endif
