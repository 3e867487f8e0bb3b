/*
 * Generic object layer over a page allocator (see uk/alloc_objlayer.h).
 *
 * Small objects: one page per slab, a header at the start of the page and
 * equal-size objects after it. A slab's free objects form a list threaded
 * through the objects; objects never used yet are handed out from a bump
 * offset, so creating a slab costs O(1). A bitmap of live objects makes
 * double frees detectable.
 *
 * Large objects: whole pages, with a header just below the returned
 * pointer. The page holding the pointer always starts with either a slab
 * header or a large-object header (or a copy of it), which is how free()
 * tells the two apart from the pointer alone.
 */
#include <uk/alloc_objlayer.h>

#define PAGE UK_ALLOC_PAGE_SIZE
#define SLAB_MAGIC 0x51ab51abu
#define LARGE_MAGIC 0x1a76e0b1u
#define DEAD_MAGIC 0xdeadu

static const unsigned short class_size[UK_OBJLAYER_NCLASSES] = {
	16,  32,  48,  64,  80,  96,  112, 128, 160, 192,  224,
	256, 320, 384, 448, 512, 560, 656, 800, 992, 1328, 2000,
};

struct uk_objlayer_slab {
	uint32_t magic;
	uint16_t cls;
	uint16_t nfree;
	uint32_t bump;     /* offset of the first never-used object */
	uint32_t capacity; /* objects in this slab */
	void *free_head;   /* freed objects, linked through their first word */
	struct uk_objlayer_slab *next, *prev;
	struct uk_objlayer *owner;
	uint64_t live[4]; /* one bit per object index */
};

#define SLAB_HDR 80 /* sizeof(struct uk_objlayer_slab), rounded to 16 */
_Static_assert(sizeof(struct uk_objlayer_slab) <= SLAB_HDR, "slab header grew");
_Static_assert((PAGE - SLAB_HDR) / 16 <= 256, "live bitmap too small");

struct large_hdr {
	uint32_t magic;
	uint32_t pad;
	struct uk_objlayer *owner;
	void *base;     /* what palloc returned */
	size_t npages;  /* what palloc was asked for */
};
#define LARGE_HDR UK_OBJLAYER_LARGE_HDR
_Static_assert(sizeof(struct large_hdr) == LARGE_HDR, "large header size");

/*
 * The class of a small size s is class_of[(s + 15) / 16]. It follows from
 * class_size alone, so one table serves every object layer; the first
 * uk_objlayer_init fills it (allocators are created at boot, on one CPU,
 * as the registry assumes). Its last entry is the largest class, never 0,
 * which is how a filled table is told from an empty one.
 */
static unsigned char class_of[(UK_OBJLAYER_MAX_SMALL + 15) / 16 + 1];

void uk_objlayer_init(struct uk_objlayer *ol, struct uk_alloc *pages)
{
	unsigned i, c = 0;

	__builtin_memset(ol, 0, sizeof(*ol));
	ol->pages = pages;
	if (class_of[sizeof(class_of) - 1])
		return;
	for (i = 0; i < sizeof(class_of); i++) {
		while (class_size[c] < i * 16)
			c++;
		class_of[i] = (unsigned char)c;
	}
}

static struct uk_objlayer_slab *page_of(const void *p)
{
	return (struct uk_objlayer_slab *)uk_alloc_align_down((uintptr_t)p, PAGE);
}

static void list_add(struct uk_objlayer_slab **head, struct uk_objlayer_slab *s)
{
	s->prev = (struct uk_objlayer_slab *)0;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void list_del(struct uk_objlayer_slab **head, struct uk_objlayer_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

static struct uk_objlayer_slab *slab_new(struct uk_objlayer *ol, unsigned cls)
{
	struct uk_objlayer_slab *s = ol->empty[cls];

	if (s) {
		ol->empty[cls] = (struct uk_objlayer_slab *)0;
		ol->cached_pages--;
	} else {
		s = ol->pages->ops->palloc(ol->pages, 1);
		if (!s)
			return s;
		s->magic = SLAB_MAGIC;
		s->cls = (uint16_t)cls;
		s->owner = ol;
		s->capacity = (PAGE - SLAB_HDR) / class_size[cls];
		__builtin_memset(s->live, 0, sizeof(s->live));
	}
	s->nfree = (uint16_t)s->capacity;
	s->bump = SLAB_HDR;
	s->free_head = (void *)0;
	list_add(&ol->partial[cls], s);
	return s;
}

static void *small_alloc(struct uk_objlayer *ol, unsigned cls)
{
	struct uk_objlayer_slab *s = ol->partial[cls];
	unsigned idx;
	char *obj;

	if (!s && !(s = slab_new(ol, cls)))
		return (void *)0;
	if (s->free_head) {
		obj = s->free_head;
		s->free_head = *(void **)obj;
	} else {
		obj = (char *)s + s->bump;
		s->bump += class_size[cls];
	}
	if (--s->nfree == 0)
		list_del(&ol->partial[cls], s); /* full slabs sit in no list */
	idx = (unsigned)((obj - (char *)s - SLAB_HDR) / class_size[cls]);
	s->live[idx / 64] |= (uint64_t)1 << (idx % 64);
	return obj;
}

static size_t small_free(struct uk_objlayer *ol, struct uk_objlayer_slab *s, void *p)
{
	unsigned cls = s->cls, idx;
	size_t off = (size_t)((char *)p - (char *)s);
	uint64_t bit;

	if (s->owner != ol || cls >= UK_OBJLAYER_NCLASSES || off < SLAB_HDR ||
	    (off - SLAB_HDR) % class_size[cls] || (off - SLAB_HDR) / class_size[cls] >= s->capacity) {
		uk_alloc_fault(ol->pages, UK_ALLOC_FAULT_FOREIGN, p);
		return 0;
	}
	idx = (unsigned)((off - SLAB_HDR) / class_size[cls]);
	bit = (uint64_t)1 << (idx % 64);
	if (!(s->live[idx / 64] & bit)) {
		uk_alloc_fault(ol->pages, UK_ALLOC_FAULT_DOUBLE_FREE, p);
		return 0;
	}
	s->live[idx / 64] &= ~bit;
	*(void **)p = s->free_head;
	s->free_head = p;
	if (s->nfree++ == 0)
		list_add(&ol->partial[cls], s);
	if (s->nfree == s->capacity) {
		list_del(&ol->partial[cls], s);
		if (!ol->empty[cls]) {
			ol->empty[cls] = s;
			ol->cached_pages++;
		} else {
			s->magic = DEAD_MAGIC;
			ol->pages->ops->pfree(ol->pages, s, 1);
		}
	}
	return class_size[cls];
}

/* align: a power of two, at least 16. */
static void *large_alloc(struct uk_objlayer *ol, size_t align, size_t size)
{
	size_t lead = align < LARGE_HDR ? LARGE_HDR : align;
	size_t npages;
	struct large_hdr *h;
	char *base, *p;

	if (size > (size_t)-1 - lead - PAGE)
		return (void *)0;
	npages = (lead + size + PAGE - 1) / PAGE;
	if (npages > UK_ALLOC_MAX_PAGES) /* palloc's contract */
		return (void *)0;
	base = ol->pages->ops->palloc(ol->pages, npages);
	if (!base)
		return (void *)0;
	p = (char *)uk_alloc_align_up((uintptr_t)base + LARGE_HDR, align);
	h = (struct large_hdr *)(p - LARGE_HDR);
	h->magic = LARGE_MAGIC;
	h->owner = ol;
	h->base = base;
	h->npages = npages;
	/* free() looks at the start of p's page: make it say "large". */
	if ((char *)page_of(p) != (char *)h && (uintptr_t)p % PAGE)
		*(struct large_hdr *)page_of(p) = *h;
	return p;
}

/* The header of a large object, or NULL when p's page holds a slab. */
static struct large_hdr *large_of(void *p, int *bad)
{
	struct large_hdr *h;

	*bad = 0;
	if ((uintptr_t)p % PAGE) {
		uint32_t m = *(uint32_t *)page_of(p);

		if (m == SLAB_MAGIC)
			return (struct large_hdr *)0;
		if (m != LARGE_MAGIC)
			goto foreign;
	}
	h = (struct large_hdr *)((char *)p - LARGE_HDR);
	if (h->magic == LARGE_MAGIC)
		return h;
foreign:
	*bad = 1;
	return (struct large_hdr *)0;
}

static size_t large_usable(struct large_hdr *h, void *p)
{
	return (size_t)((char *)h->base + h->npages * PAGE - (char *)p);
}

void *uk_objlayer_malloc(struct uk_objlayer *ol, size_t size)
{
	if (size <= UK_OBJLAYER_MAX_SMALL)
		return small_alloc(ol, class_of[(size + 15) / 16]);
	return large_alloc(ol, 16, size);
}

void *uk_objlayer_memalign(struct uk_objlayer *ol, size_t align, size_t size)
{
	/*
	 * A slab object is aligned to the largest power of two dividing both
	 * its offset and its size; power-of-two classes up to 512 qualify when
	 * the slab header keeps them aligned, which holds for align 16 only.
	 * So anything stricter takes the page path.
	 */
	if (align <= 16)
		return uk_objlayer_malloc(ol, size);
	return large_alloc(ol, align, size);
}

size_t uk_objlayer_free(struct uk_objlayer *ol, void *p)
{
	struct large_hdr *h;
	size_t bytes;
	int bad;

	h = large_of(p, &bad);
	if (bad) {
		uk_alloc_fault(ol->pages, UK_ALLOC_FAULT_FOREIGN, p);
		return 0;
	}
	if (!h)
		return small_free(ol, page_of(p), p);
	if (h->owner != ol || (uintptr_t)h->base > (uintptr_t)h ||
	    (char *)p >= (char *)h->base + h->npages * PAGE) {
		uk_alloc_fault(ol->pages, UK_ALLOC_FAULT_FOREIGN, p);
		return 0;
	}
	bytes = large_usable(h, p);
	h->magic = DEAD_MAGIC;
	*(uint32_t *)page_of(p) = DEAD_MAGIC; /* a second free finds no header */
	ol->pages->ops->pfree(ol->pages, h->base, h->npages);
	return bytes;
}

size_t uk_objlayer_usable_size(struct uk_objlayer *ol, void *p)
{
	struct large_hdr *h;
	int bad;

	(void)ol;
	h = large_of(p, &bad);
	if (bad)
		return 0;
	if (!h)
		return class_size[page_of(p)->cls % UK_OBJLAYER_NCLASSES];
	return large_usable(h, p);
}

void *uk_objlayer_realloc(struct uk_objlayer *ol, void *p, size_t size)
{
	size_t old = uk_objlayer_usable_size(ol, p);
	void *q;

	if (!old) {
		uk_alloc_fault(ol->pages, UK_ALLOC_FAULT_FOREIGN, p);
		return (void *)0;
	}
	/* Keep the block unless it would waste more than half of it. */
	if (size <= old && size >= old / 2)
		return p;
	q = uk_objlayer_malloc(ol, size);
	if (!q)
		return q;
	__builtin_memcpy(q, p, size < old ? size : old);
	uk_objlayer_free(ol, p);
	return q;
}

size_t uk_objlayer_cached_bytes(struct uk_objlayer *ol)
{
	return ol->cached_pages * PAGE;
}

void uk_objlayer_trim(struct uk_objlayer *ol)
{
	unsigned c;

	for (c = 0; c < UK_OBJLAYER_NCLASSES; c++) {
		if (!ol->empty[c])
			continue;
		ol->empty[c]->magic = DEAD_MAGIC;
		ol->pages->ops->pfree(ol->pages, ol->empty[c], 1);
		ol->empty[c] = (struct uk_objlayer_slab *)0;
	}
	ol->cached_pages = 0;
}
