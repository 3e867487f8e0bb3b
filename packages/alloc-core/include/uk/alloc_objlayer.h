/*
 * A generic object layer over a page allocator, so that an allocator which
 * only knows pages (such as @uk/alloc-buddy) can serve malloc/free without
 * writing its own. Small sizes come from one-page slabs of fixed-size
 * objects; larger ones take whole pages with a small header in front.
 *
 * The implementation embeds a struct uk_objlayer in its state and forwards
 * its object operations to the functions below; pages come from the
 * allocator's own palloc/pfree operations (not the counting wrappers).
 */
#ifndef UK_ALLOC_OBJLAYER_H
#define UK_ALLOC_OBJLAYER_H

#include <uk/alloc_impl.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UK_OBJLAYER_NCLASSES 22
#define UK_OBJLAYER_MAX_SMALL 2000 /* larger objects take whole pages */
/*
 * Bytes of header in front of a large object: n pages hold one of at most
 * n * UK_ALLOC_PAGE_SIZE - UK_OBJLAYER_LARGE_HDR bytes (what an allocator's
 * maxalloc can promise for its largest run of pages).
 */
#define UK_OBJLAYER_LARGE_HDR 32

struct uk_objlayer_slab;

struct uk_objlayer {
	struct uk_alloc *pages;
	/* Slabs with at least one free and one used object, per class. */
	struct uk_objlayer_slab *partial[UK_OBJLAYER_NCLASSES];
	/* One empty slab kept per class so alloc/free at a boundary is cheap. */
	struct uk_objlayer_slab *empty[UK_OBJLAYER_NCLASSES];
	size_t cached_pages;
};

void uk_objlayer_init(struct uk_objlayer *ol, struct uk_alloc *pages);
void *uk_objlayer_malloc(struct uk_objlayer *ol, size_t size);
void *uk_objlayer_memalign(struct uk_objlayer *ol, size_t align, size_t size);
void *uk_objlayer_realloc(struct uk_objlayer *ol, void *p, size_t size);
size_t uk_objlayer_free(struct uk_objlayer *ol, void *p);
size_t uk_objlayer_usable_size(struct uk_objlayer *ol, void *p);
/* Bytes held in cached empty slabs: free memory the page allocator lacks. */
size_t uk_objlayer_cached_bytes(struct uk_objlayer *ol);
/* Give cached empty slabs back to the page allocator. */
void uk_objlayer_trim(struct uk_objlayer *ol);

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOC_OBJLAYER_H */
