/*
 * The allocator handle of @uk/alloc-buddy: pages from the buddy layer,
 * objects from @uk/alloc-core's generic object layer over those pages.
 */
#include <uk/alloc_buddy.h>
#include "buddy.h"

static struct buddy *self(struct uk_alloc *a)
{
	return (struct buddy *)a; /* the handle is the first member */
}

static void *buddy_malloc(struct uk_alloc *a, size_t size)
{
	return uk_objlayer_malloc(&self(a)->ol, size);
}

static void *buddy_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	return uk_objlayer_memalign(&self(a)->ol, align, size);
}

static void *buddy_realloc(struct uk_alloc *a, void *p, size_t size)
{
	return uk_objlayer_realloc(&self(a)->ol, p, size);
}

static size_t buddy_free(struct uk_alloc *a, void *p)
{
	return uk_objlayer_free(&self(a)->ol, p);
}

static size_t buddy_usable_size(struct uk_alloc *a, void *p)
{
	return uk_objlayer_usable_size(&self(a)->ol, p);
}

static void *buddy_palloc(struct uk_alloc *a, size_t npages)
{
	struct buddy *b = self(a);
	void *p = buddy_pages_alloc(b, npages);

	/* Slabs cached by the object layer may be what keeps a block apart. */
	if (!p && b->ol.cached_pages) {
		uk_objlayer_trim(&b->ol);
		p = buddy_pages_alloc(b, npages);
	}
	return p;
}

static int buddy_pfree(struct uk_alloc *a, void *p, size_t npages)
{
	return buddy_pages_free(self(a), p, npages);
}

static int buddy_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return buddy_pages_addmem(self(a), base, len);
}

static size_t buddy_availmem(struct uk_alloc *a)
{
	struct buddy *b = self(a);

	return (b->free_pages + b->uncarved_pages) * UK_ALLOC_PAGE_SIZE +
	       uk_objlayer_cached_bytes(&b->ol);
}

static size_t buddy_maxalloc(struct uk_alloc *a)
{
	int k;
	size_t bytes;

	/* The answer counts cached empty slabs as free, as palloc would. */
	uk_objlayer_trim(&self(a)->ol);
	k = buddy_pages_max_order(self(a));
	if (k < 0)
		return 0;
	bytes = (size_t)UK_ALLOC_PAGE_SIZE << k;
	/* A large object gives up room for its header. */
	return bytes - UK_OBJLAYER_LARGE_HDR;
}

static const struct uk_alloc_ops buddy_ops = {
	.malloc = buddy_malloc,
	.memalign = buddy_memalign,
	.realloc = buddy_realloc,
	.free = buddy_free,
	.usable_size = buddy_usable_size,
	.palloc = buddy_palloc,
	.pfree = buddy_pfree,
	.addmem = buddy_addmem,
	.availmem = buddy_availmem,
	.maxalloc = buddy_maxalloc,
};

struct uk_alloc *uk_alloc_buddy_create(void *base, size_t len)
{
	void *heap;
	size_t heap_len;
	struct buddy *b = uk_alloc_carve_state(base, len, 64, sizeof(struct buddy), &heap, &heap_len);

	if (!b)
		return (struct uk_alloc *)0;
	uk_alloc_init_handle(&b->a, "buddy", &buddy_ops);
	uk_objlayer_init(&b->ol, &b->a);
	buddy_pages_init(b);
	if (buddy_pages_addmem(b, heap, heap_len))
		return (struct uk_alloc *)0;
	uk_alloc_register(&b->a);
	return &b->a;
}
