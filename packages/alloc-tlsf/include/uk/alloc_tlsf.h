/*
 * @uk/alloc-tlsf: a two-level segregated fit allocator. malloc and free
 * run in constant time, free blocks merge with their neighbours at once,
 * and creating one over a heap of any size costs O(1).
 */
#ifndef UK_ALLOC_TLSF_H
#define UK_ALLOC_TLSF_H

#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Create and register an allocator over [base, base+len); NULL if too small. */
struct uk_alloc *uk_alloc_tlsf_create(void *base, size_t len);

#ifdef __cplusplus
}
#endif

#endif
