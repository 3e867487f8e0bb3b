/*
 * Boot glue for the default allocator: gives it the platform's FREE memory
 * regions. Each implementation calls uk_alloc_boot_default() from its own
 * init-table entry when it was built as the default; keeping the region walk
 * here means the policy (which regions, in what order) is written once.
 */
#include <uk/alloc_impl.h>
#include <uk/plat.h>

/*
 * Page 0 stays unused even when the platform reports it free: a block at
 * address 0 would read as NULL.
 */
static int usable(const struct uk_plat_memregion *r, uintptr_t *base, size_t *len)
{
	uintptr_t b = r->base, e = r->base + r->len;

	if (r->kind != UK_PLAT_MEM_FREE || e <= b)
		return 0;
	if (b < UK_ALLOC_PAGE_SIZE)
		b = UK_ALLOC_PAGE_SIZE;
	b = uk_alloc_align_up(b, UK_ALLOC_PAGE_SIZE);
	e = uk_alloc_align_down(e, UK_ALLOC_PAGE_SIZE);
	if (e <= b)
		return 0;
	*base = b;
	*len = e - b;
	return 1;
}

/* Set once the FREE regions are handed out: they can be given only once. */
static struct uk_alloc *boot_owner;

int uk_alloc_boot_default(uk_alloc_create_fn create)
{
	struct uk_plat_memregion r;
	struct uk_alloc *a;
	uintptr_t base, best_base = 0;
	size_t len, best_len = 0;
	int i, n, best = -1;

	if (boot_owner)
		return -UK_ALLOC_EEXIST;
	n = uk_plat_memregion_count();
	for (i = 0; i < n; i++) {
		if (uk_plat_memregion_get(i, &r) || !usable(&r, &base, &len))
			continue;
		if (len > best_len) {
			best = i;
			best_base = base;
			best_len = len;
		}
	}
	if (best < 0)
		return -UK_ALLOC_ENOMEM;
	/* The largest region holds the allocator's own state. */
	a = create((void *)best_base, best_len);
	if (!a)
		return -UK_ALLOC_ENOMEM;
	for (i = 0; i < n; i++) {
		if (i == best || uk_plat_memregion_get(i, &r) || !usable(&r, &base, &len))
			continue;
		/* A region too small for the allocator's headers is skipped. */
		(void)uk_alloc_addmem(a, (void *)base, len);
	}
	boot_owner = a;
	uk_alloc_set_default(a);
	return 0;
}
