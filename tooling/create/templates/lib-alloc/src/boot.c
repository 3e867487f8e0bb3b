/*
 * Makes {{short}} the default allocator at boot, owning the platform's free
 * memory, when the build chose it: the app names it in its manifest
 * ("default": { "@uk/alloc": "{{name}}" }) or it is the only allocator.
 * The boot entry itself comes from @uk/alloc (UK_ALLOC_BOOT_DEFAULT).
 */
#include <uk/alloc_{{ident}}.h>
#include <uk/alloc_impl.h>
#include <uk/init.h>

UK_ALLOC_BOOT_DEFAULT({{ident}});
