/*
 * Makes the buddy allocator the default one at boot, owning the platform's
 * free memory, when the build chose it (see packages/alloc/README.md).
 */
#ifdef CONFIG_UK_ALLOC_DEFAULT_IS_SELF
#include <uk/alloc_buddy.h>
#include <uk/alloc_impl.h>
#include <uk/init.h>

static int uk_alloc_buddy_boot(void)
{
	return uk_alloc_boot_default(uk_alloc_buddy_create);
}
UK_INIT(uk_alloc_buddy_boot, UK_INIT_LIB, UK_INIT_PRIO_FIRST);
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int uk_alloc_buddy_boot_unused;
#endif
