/*
 * @uk/alloc-region: a bump allocator. Allocation moves a pointer forward;
 * free only marks the block (to catch double frees) and never reuses it.
 * Meant for images that allocate at boot and then run, or live briefly.
 */
#ifndef UK_ALLOC_REGION_H
#define UK_ALLOC_REGION_H

#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Create and register an allocator over [base, base+len); NULL if too small. */
struct uk_alloc *uk_alloc_region_create(void *base, size_t len);

#ifdef __cplusplus
}
#endif

#endif
