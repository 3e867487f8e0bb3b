/*
 * The bump allocator of @uk/alloc-region. Each block carries a 16-byte
 * header (its size and a live/freed tag) so realloc knows how much to copy
 * and a second free of the same block is reported instead of ignored.
 * Memory added with addmem forms further chunks, used first-fit in the
 * order they were added.
 */
#include <uk/alloc_region.h>
#include <uk/alloc_impl.h>

#define HDR 16
#define LIVE 0x11fe0b1cu
#define FREED 0xf4eed0b1u

struct chunk {
	uintptr_t cur, end;
	struct chunk *next;
};

struct hdr {
	size_t size;
	uint32_t tag;
	uint32_t pad;
};

struct region {
	struct uk_alloc a; /* first, so a handle converts to its state */
	struct chunk *chunks;
	void *last; /* the most recent block: realloc can grow it in place */
	uintptr_t lo, hi;
};

static struct region *self(struct uk_alloc *a)
{
	return (struct region *)a;
}

static struct hdr *hdr_of(void *p)
{
	return (struct hdr *)((char *)p - HDR);
}

/* Bump within the first chunk that fits; align is a power of two >= 16. */
static void *bump(struct region *r, size_t align, size_t size)
{
	struct chunk *c;
	uintptr_t p;
	struct hdr *h;

	if (size > (size_t)-1 / 2)
		return (void *)0;
	size = uk_alloc_align_up(size ? size : 1, 16);
	for (c = r->chunks; c; c = c->next) {
		p = uk_alloc_align_up(c->cur + HDR, align);
		if (p > c->end || c->end - p < size)
			continue;
		c->cur = p + size;
		h = hdr_of((void *)p);
		h->size = size;
		h->tag = LIVE;
		r->last = (void *)p;
		return (void *)p;
	}
	return (void *)0;
}

static void *region_malloc(struct uk_alloc *a, size_t size)
{
	return bump(self(a), 16, size);
}

static void *region_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	return bump(self(a), align, size);
}

/*
 * p's header when p is where a block could start (aligned, inside the
 * chunks, so the header is readable), else NULL; its tag is not checked.
 */
static struct hdr *hdr_in_heap(struct region *r, void *p)
{
	uintptr_t x = (uintptr_t)p;

	if (x % 16 || x < r->lo + HDR || x >= r->hi)
		return (struct hdr *)0;
	return hdr_of(p);
}

/* 0 after reporting a fault when p is not a live block. */
static int check(struct region *r, void *p)
{
	struct hdr *h = hdr_in_heap(r, p);

	if (!h || (h->tag != LIVE && h->tag != FREED)) {
		uk_alloc_fault(&r->a, UK_ALLOC_FAULT_FOREIGN, p);
		return 0;
	}
	if (h->tag == FREED) {
		uk_alloc_fault(&r->a, UK_ALLOC_FAULT_DOUBLE_FREE, p);
		return 0;
	}
	return 1;
}

static size_t region_free(struct uk_alloc *a, void *p)
{
	if (!check(self(a), p))
		return 0;
	hdr_of(p)->tag = FREED; /* the memory itself is never reused */
	return hdr_of(p)->size;
}

static size_t region_usable_size(struct uk_alloc *a, void *p)
{
	struct hdr *h = hdr_in_heap(self(a), p);

	return h && h->tag == LIVE ? h->size : 0;
}

static void *region_realloc(struct uk_alloc *a, void *p, size_t size)
{
	struct region *r = self(a);
	struct hdr *h;
	struct chunk *c;
	size_t want;
	void *q;

	if (!check(r, p) || size > (size_t)-1 / 2)
		return (void *)0;
	h = hdr_of(p);
	want = uk_alloc_align_up(size, 16);
	if (want <= h->size)
		return p;
	/* The newest block ends at its chunk's bump pointer: grow it there. */
	if (p == r->last) {
		for (c = r->chunks; c; c = c->next) {
			if (c->cur != (uintptr_t)p + h->size)
				continue;
			if (c->end - (uintptr_t)p >= want) {
				c->cur = (uintptr_t)p + want;
				h->size = want;
				return p;
			}
			break;
		}
	}
	q = bump(r, 16, size);
	if (q) {
		__builtin_memcpy(q, p, h->size);
		h->tag = FREED;
	}
	return q;
}

static void *region_palloc(struct uk_alloc *a, size_t npages)
{
	return bump(self(a), UK_ALLOC_PAGE_SIZE, npages << UK_ALLOC_PAGE_SHIFT);
}

static int region_pfree(struct uk_alloc *a, void *p, size_t npages)
{
	(void)npages;
	return region_free(a, p) ? 0 : -1;
}

static int region_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct region *r = self(a);
	uintptr_t start = uk_alloc_align_up((uintptr_t)base, 16);
	uintptr_t end = uk_alloc_align_down((uintptr_t)base + len, 16);
	struct chunk *c = (struct chunk *)start, **link;

	if ((uintptr_t)base + len < (uintptr_t)base || end <= start ||
	    end - start < sizeof(*c) + 2 * HDR)
		return -UK_ALLOC_EINVAL;
	c->cur = start + uk_alloc_align_up(sizeof(*c), 16);
	c->end = end;
	c->next = (struct chunk *)0;
	for (link = &r->chunks; *link; link = &(*link)->next)
		;
	*link = c;
	if (start < r->lo)
		r->lo = start;
	if (end > r->hi)
		r->hi = end;
	return 0;
}

static size_t region_availmem(struct uk_alloc *a)
{
	struct chunk *c;
	size_t n = 0;

	for (c = self(a)->chunks; c; c = c->next)
		n += c->end - c->cur;
	return n;
}

static size_t region_maxalloc(struct uk_alloc *a)
{
	struct chunk *c;
	size_t best = 0, n;

	for (c = self(a)->chunks; c; c = c->next) {
		n = c->end - c->cur;
		n = n >= HDR ? uk_alloc_align_down(n - HDR, 16) : 0;
		if (n > best)
			best = n;
	}
	return best;
}

static const struct uk_alloc_ops region_ops = {
	.malloc = region_malloc,
	.memalign = region_memalign,
	.realloc = region_realloc,
	.free = region_free,
	.usable_size = region_usable_size,
	.palloc = region_palloc,
	.pfree = region_pfree,
	.addmem = region_addmem,
	.availmem = region_availmem,
	.maxalloc = region_maxalloc,
};

struct uk_alloc *uk_alloc_region_create(void *base, size_t len)
{
	void *heap;
	size_t heap_len;
	struct region *r = uk_alloc_carve_state(base, len, 16, sizeof(struct region), &heap, &heap_len);

	if (!r)
		return (struct uk_alloc *)0;
	uk_alloc_init_handle(&r->a, "region", &region_ops);
	r->chunks = (struct chunk *)0;
	r->last = (void *)0;
	r->lo = (uintptr_t)-1;
	r->hi = 0;
	if (region_addmem(&r->a, heap, heap_len))
		return (struct uk_alloc *)0;
	uk_alloc_register(&r->a);
	return &r->a;
}
