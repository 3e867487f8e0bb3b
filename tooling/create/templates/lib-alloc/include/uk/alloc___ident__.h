/*
 * {{name}}: the {{short}} allocator for @uk/alloc. Its one entry point
 * creates an allocator over [base, base+len), registers it and returns its
 * handle (NULL when the memory is too small).
 */
#ifndef UK_ALLOC_{{IDENT}}_H
#define UK_ALLOC_{{IDENT}}_H

#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_alloc *uk_alloc_{{ident}}_create(void *base, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOC_{{IDENT}}_H */
