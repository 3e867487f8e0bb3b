/*
 * Makes {{short}} the default allocator at boot, owning the platform's free
 * memory, when the build chose it: the app names it in its manifest
 * ("default": { "@uk/alloc": "{{name}}" }) or it is the only allocator.
 */
#ifdef CONFIG_UK_ALLOC_DEFAULT_IS_SELF
#include <uk/alloc_{{ident}}.h>
#include <uk/alloc_impl.h>
#include <uk/init.h>

static int uk_alloc_{{ident}}_boot(void)
{
	return uk_alloc_boot_default(uk_alloc_{{ident}}_create);
}
UK_INIT(uk_alloc_{{ident}}_boot, UK_INIT_LIB, UK_INIT_PRIO_FIRST);
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int uk_alloc_{{ident}}_boot_unused;
#endif
