/*
 * The allocator handle of @uk/alloc-tlsf: forwards the API's operations to
 * the TLSF core. Pages are page-aligned objects.
 */
#include <uk/alloc_tlsf.h>
#include "tlsf.h"

static struct tlsf *self(struct uk_alloc *a)
{
	return (struct tlsf *)a; /* the handle is the first member */
}

static void *h_palloc(struct uk_alloc *a, size_t npages)
{
	return tlsf_memalign(a, UK_ALLOC_PAGE_SIZE, npages << UK_ALLOC_PAGE_SHIFT);
}

static int h_pfree(struct uk_alloc *a, void *p, size_t npages)
{
	size_t have = tlsf_usable_size(a, p);

	/*
	 * A live block that palloc cannot have returned for npages pages is
	 * foreign. Anything that is not a live block goes to tlsf_free, which
	 * tells a double free from a foreign one.
	 */
	if (have && ((uintptr_t)p % UK_ALLOC_PAGE_SIZE || have < (npages << UK_ALLOC_PAGE_SHIFT))) {
		uk_alloc_fault(a, UK_ALLOC_FAULT_FOREIGN, p);
		return -1;
	}
	return tlsf_free(a, p) ? 0 : -1;
}

static int h_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return tlsf_add_pool(self(a), base, len);
}

static size_t h_availmem(struct uk_alloc *a)
{
	return self(a)->free_bytes;
}

static size_t h_maxalloc(struct uk_alloc *a)
{
	return tlsf_max_alloc(self(a));
}

static const struct uk_alloc_ops tlsf_ops = {
	.malloc = tlsf_malloc,
	.memalign = tlsf_memalign,
	.realloc = tlsf_realloc,
	.free = tlsf_free,
	.usable_size = tlsf_usable_size,
	.palloc = h_palloc,
	.pfree = h_pfree,
	.addmem = h_addmem,
	.availmem = h_availmem,
	.maxalloc = h_maxalloc,
};

struct uk_alloc *uk_alloc_tlsf_create(void *base, size_t len)
{
	void *heap;
	size_t heap_len;
	struct tlsf *t = uk_alloc_carve_state(base, len, 64, sizeof(struct tlsf), &heap, &heap_len);

	if (!t)
		return (struct uk_alloc *)0;
	uk_alloc_init_handle(&t->a, "tlsf", &tlsf_ops);
	tlsf_init(t);
	if (tlsf_add_pool(t, heap, heap_len))
		return (struct uk_alloc *)0;
	uk_alloc_register(&t->a);
	return &t->a;
}
