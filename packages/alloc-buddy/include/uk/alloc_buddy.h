/*
 * @uk/alloc-buddy: a binary buddy page allocator with the generic object
 * layer on top. Creating one over a heap costs O(1): pages are carved into
 * blocks only as they are first needed.
 */
#ifndef UK_ALLOC_BUDDY_H
#define UK_ALLOC_BUDDY_H

#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Create and register an allocator over [base, base+len); NULL if too small. */
struct uk_alloc *uk_alloc_buddy_create(void *base, size_t len);

#ifdef __cplusplus
}
#endif

#endif
