/*
 * Makes the TLSF allocator the default one at boot, owning the platform's
 * free memory, when the build chose it (see packages/alloc/README.md).
 */
#include <uk/alloc_tlsf.h>
#include <uk/alloc_impl.h>
#include <uk/init.h>

UK_ALLOC_BOOT_DEFAULT(tlsf);
