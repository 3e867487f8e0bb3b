/*
 * Two-level segregated fit (after Masmano, Ripoll, Crespo and Real, 2004).
 *
 * Free blocks sit in lists indexed by two levels: the first level is the
 * position of the size's top bit, the second splits that power-of-two range
 * into 32 equal slices. One bitmap per level makes "the smallest non-empty
 * list able to satisfy this size" two find-first-set instructions away, so
 * malloc and free do a bounded amount of work whatever the heap holds.
 *
 * Block layout (all addresses and sizes multiples of 16):
 *
 *   +0   prev_phys  previous block in memory; valid only if PREV_FREE
 *   +8   header     payload size | tag | FREE | PREV_FREE
 *   +16  payload    (free blocks keep their list links here)
 *
 * The next block in memory starts right after the payload; each pool ends
 * with a zero-size used block so that walk always stops. The tag in the
 * header's top bits lets free() reject pointers it never handed out.
 */
#include "tlsf.h"

#define HDR 16                   /* bytes before the payload */
#define MIN_PAYLOAD 16           /* room for the two list links */
#define MIN_BLOCK (HDR + MIN_PAYLOAD)
#define F_FREE ((size_t)1)
#define F_PREV_FREE ((size_t)2)
#define TAG_SHIFT 48
#define TAG ((size_t)0xa11cu << TAG_SHIFT)
#define TAG_MASK ((size_t)0xffffu << TAG_SHIFT)
#define SIZE_MASK ((((size_t)1 << TAG_SHIFT) - 1) & ~(size_t)15)
#define MAX_SIZE (((size_t)1 << TLSF_SIZE_BITS) - TLSF_ALIGN)

struct tlsf_block {
	struct tlsf_block *prev_phys;
	size_t header;
	struct tlsf_block *next_free, *prev_free;
};

static size_t bsize(const struct tlsf_block *b)
{
	return b->header & SIZE_MASK;
}

static void set_size(struct tlsf_block *b, size_t size)
{
	b->header = (b->header & ~SIZE_MASK) | size;
}

static struct tlsf_block *next_phys(const struct tlsf_block *b)
{
	return (struct tlsf_block *)((char *)b + HDR + bsize(b));
}

static struct tlsf_block *block_of(const void *p)
{
	return (struct tlsf_block *)((char *)p - HDR);
}

static void *payload(struct tlsf_block *b)
{
	return (char *)b + HDR;
}

/* List indices of a size: first level fl, second level sl. */
static inline void mapping(size_t size, unsigned *fl, unsigned *sl)
{
	unsigned top;

	if (size < ((size_t)1 << TLSF_FL_SHIFT)) {
		*fl = 0;
		*sl = (unsigned)(size / TLSF_ALIGN);
	} else {
		top = uk_alloc_fls(size);
		*sl = (unsigned)(size >> (top - TLSF_SL_LOG2)) ^ TLSF_SL_COUNT;
		*fl = top - TLSF_FL_SHIFT + 1;
	}
}

/*
 * The list to search for a request: rounding the size up to the next list
 * boundary guarantees every block in that list or above fits (good fit,
 * no list walk).
 */
static void mapping_search(size_t size, unsigned *fl, unsigned *sl)
{
	if (size >= ((size_t)1 << TLSF_FL_SHIFT))
		size += ((size_t)1 << (uk_alloc_fls(size) - TLSF_SL_LOG2)) - 1;
	mapping(size, fl, sl);
}

static inline void list_remove(struct tlsf *t, struct tlsf_block *b, unsigned fl, unsigned sl)
{
	if (b->prev_free)
		b->prev_free->next_free = b->next_free;
	else
		t->lists[fl][sl] = b->next_free;
	if (b->next_free)
		b->next_free->prev_free = b->prev_free;
	if (!t->lists[fl][sl]) {
		t->sl_bitmap[fl] &= ~(1u << sl);
		if (!t->sl_bitmap[fl])
			t->fl_bitmap &= ~((uint64_t)1 << fl);
	}
	t->free_bytes -= bsize(b);
}

/* New takes old's place in list (fl, sl). */
static inline void list_replace(struct tlsf *t, struct tlsf_block *old, struct tlsf_block *new,
				unsigned fl, unsigned sl)
{
	new->next_free = old->next_free;
	new->prev_free = old->prev_free;
	if (new->prev_free)
		new->prev_free->next_free = new;
	else
		t->lists[fl][sl] = new;
	if (new->next_free)
		new->next_free->prev_free = new;
}

static inline void remove_free(struct tlsf *t, struct tlsf_block *b)
{
	unsigned fl, sl;

	mapping(bsize(b), &fl, &sl);
	list_remove(t, b, fl, sl);
}

static inline void insert_free(struct tlsf *t, struct tlsf_block *b)
{
	unsigned fl, sl;
	struct tlsf_block *head;

	mapping(bsize(b), &fl, &sl);
	head = (t->sl_bitmap[fl] & (1u << sl)) ? t->lists[fl][sl] : (struct tlsf_block *)0;
	b->prev_free = (struct tlsf_block *)0;
	b->next_free = head;
	if (head)
		head->prev_free = b;
	t->lists[fl][sl] = b;
	t->sl_bitmap[fl] |= 1u << sl;
	t->fl_bitmap |= (uint64_t)1 << fl;
	t->free_bytes += bsize(b);
}

/*
 * First block of the smallest non-empty list at or above (*fl, *sl), whose
 * indices are left in *fl and *sl.
 */
static inline struct tlsf_block *find_suitable(struct tlsf *t, unsigned *fl, unsigned *sl)
{
	uint32_t sl_map;
	uint64_t fl_map;

	if (*fl >= TLSF_FL_COUNT)
		return (struct tlsf_block *)0;
	sl_map = t->sl_bitmap[*fl] & (~(uint32_t)0 << *sl);
	if (!sl_map) {
		fl_map = t->fl_bitmap & (~(uint64_t)0 << (*fl + 1));
		if (!fl_map)
			return (struct tlsf_block *)0;
		*fl = uk_alloc_ffs(fl_map);
		sl_map = t->sl_bitmap[*fl];
	}
	*sl = uk_alloc_ffs(sl_map);
	return t->lists[*fl][*sl];
}

/* Request size -> payload size, or 0 when it can never be served. */
static size_t adjust(size_t size)
{
	if (size > MAX_SIZE)
		return 0;
	if (size < MIN_PAYLOAD)
		return MIN_PAYLOAD;
	return uk_alloc_align_up(size, TLSF_ALIGN);
}

/* Take a free block of at least size bytes out of the lists. */
static struct tlsf_block *take_free(struct tlsf *t, size_t size)
{
	unsigned fl, sl;
	struct tlsf_block *b;

	mapping_search(size, &fl, &sl);
	b = find_suitable(t, &fl, &sl);
	if (b) {
		list_remove(t, b, fl, sl); /* no need to map its size again */
		return b;
	}
	/*
	 * Rounding up can skip the one list whose blocks may still fit (near
	 * exhaustion); walk it, so malloc fails only when no block fits.
	 */
	mapping(size, &fl, &sl);
	if (!(t->sl_bitmap[fl] & (1u << sl)))
		return b;
	for (b = t->lists[fl][sl]; b && bsize(b) < size; b = b->next_free)
		;
	if (b)
		list_remove(t, b, fl, sl);
	return b;
}

/*
 * b (free or used, out of the lists) becomes a used block of exactly size
 * bytes when the rest can form a block of its own; the rest is freed and
 * merged with a free successor.
 */
static void trim_used(struct tlsf *t, struct tlsf_block *b, size_t size)
{
	struct tlsf_block *rest, *next;

	b->header &= ~F_FREE;
	if (bsize(b) >= size + MIN_BLOCK) {
		rest = (struct tlsf_block *)((char *)b + HDR + size);
		rest->header = TAG | F_FREE | (bsize(b) - size - HDR);
		set_size(b, size);
		next = next_phys(rest);
		if (next->header & F_FREE) {
			remove_free(t, next);
			set_size(rest, bsize(rest) + HDR + bsize(next));
			next = next_phys(rest);
		}
		next->header |= F_PREV_FREE;
		next->prev_phys = rest;
		insert_free(t, rest);
	} else {
		next_phys(b)->header &= ~F_PREV_FREE;
	}
}

void tlsf_init(struct tlsf *t)
{
	unsigned i;

	t->fl_bitmap = 0;
	for (i = 0; i < TLSF_FL_COUNT; i++)
		t->sl_bitmap[i] = 0;
	t->free_bytes = 0;
	t->lo = (uintptr_t)-1;
	t->hi = 0;
}

int tlsf_add_pool(struct tlsf *t, void *base, size_t len)
{
	uintptr_t start = uk_alloc_align_up((uintptr_t)base, TLSF_ALIGN);
	uintptr_t end = uk_alloc_align_down((uintptr_t)base + len, TLSF_ALIGN);
	struct tlsf_block *b, *sentinel;
	size_t size;

	if ((uintptr_t)base + len < (uintptr_t)base || end <= start || end - start < MIN_BLOCK + HDR)
		return -UK_ALLOC_EINVAL;
	/* Pools beyond the largest block size are added in pieces. */
	while (end - start - 2 * HDR > MAX_SIZE) {
		if (tlsf_add_pool(t, (void *)start, MAX_SIZE + 2 * HDR))
			return -UK_ALLOC_EINVAL;
		start += MAX_SIZE + 2 * HDR;
	}
	size = end - start - 2 * HDR;
	b = (struct tlsf_block *)start;
	b->header = TAG | F_FREE | size; /* no PREV_FREE: nothing to merge with */
	sentinel = next_phys(b);
	sentinel->header = TAG | F_PREV_FREE; /* used, size 0 */
	sentinel->prev_phys = b;
	insert_free(t, b);
	if (start < t->lo)
		t->lo = start;
	if (end > t->hi)
		t->hi = end;
	return 0;
}

void *tlsf_malloc(struct uk_alloc *a, size_t size)
{
	struct tlsf *t = (struct tlsf *)a;
	struct tlsf_block *b, *rest;
	unsigned fl, sl, rfl, rsl;
	size_t rsize;

	size = adjust(size);
	if (!size)
		return (void *)0;
	mapping_search(size, &fl, &sl);
	b = find_suitable(t, &fl, &sl);
	if (!b || bsize(b) < size + MIN_BLOCK) {
		/* Rare paths: nothing found by rounding, or no split. */
		if (b)
			list_remove(t, b, fl, sl);
		else if (!(b = take_free(t, size)))
			return b;
		trim_used(t, b, size);
		return payload(b);
	}
	/*
	 * Split. A big block usually stays in its list once the request is
	 * cut off; then the rest takes its place there and the bitmaps are
	 * left alone.
	 */
	rsize = bsize(b) - size - HDR;
	rest = (struct tlsf_block *)((char *)b + HDR + size);
	rest->header = TAG | F_FREE | rsize;
	next_phys(rest)->prev_phys = rest; /* its PREV_FREE is already set */
	mapping(rsize, &rfl, &rsl);
	if (rfl == fl && rsl == sl) {
		list_replace(t, b, rest, fl, sl);
		t->free_bytes -= size + HDR;
	} else {
		list_remove(t, b, fl, sl);
		insert_free(t, rest);
	}
	b->header = (b->header & ~(SIZE_MASK | F_FREE)) | size;
	return payload(b);
}

void *tlsf_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	struct tlsf *t = (struct tlsf *)a;
	struct tlsf_block *b, *nb;
	uintptr_t p, q;
	size_t gap;

	size = adjust(size);
	/* Room for the worst gap: a leading free block needs MIN_BLOCK. */
	if (!size || size > MAX_SIZE - align - MIN_BLOCK ||
	    !(b = take_free(t, size + align + MIN_BLOCK)))
		return (void *)0;
	p = (uintptr_t)payload(b);
	q = uk_alloc_align_up(p, align);
	if (q != p && q - p < MIN_BLOCK)
		q = uk_alloc_align_up(p + MIN_BLOCK, align);
	gap = q - p;
	if (gap) {
		/* Split the gap off as a free block of its own. */
		nb = block_of((void *)q);
		nb->header = TAG | F_PREV_FREE | (bsize(b) - gap);
		nb->prev_phys = b;
		set_size(b, gap - HDR);
		insert_free(t, b);
		b = nb;
	}
	trim_used(t, b, size);
	return payload(b);
}

/* NULL after reporting a fault when p is not a live block of t. */
static inline struct tlsf_block *checked_block(struct tlsf *t, void *p, int report)
{
	struct tlsf_block *b = block_of(p);
	uintptr_t a = (uintptr_t)p;

	if (a % TLSF_ALIGN || a < t->lo + HDR || a >= t->hi ||
	    (b->header & TAG_MASK) != TAG || !bsize(b)) {
		if (report)
			uk_alloc_fault(&t->a, UK_ALLOC_FAULT_FOREIGN, p);
		return (struct tlsf_block *)0;
	}
	if (b->header & F_FREE) {
		if (report)
			uk_alloc_fault(&t->a, UK_ALLOC_FAULT_DOUBLE_FREE, p);
		return (struct tlsf_block *)0;
	}
	return b;
}

size_t tlsf_free(struct uk_alloc *a, void *p)
{
	struct tlsf *t = (struct tlsf *)a;
	struct tlsf_block *b = checked_block(t, p, 1), *next, *keep = (struct tlsf_block *)0;
	size_t bytes, size, ksize = 0;
	unsigned fl, sl, kfl, ksl;

	if (!b)
		return 0;
	bytes = size = bsize(b);
	next = next_phys(b);
	if ((next->header & TAG_MASK) != TAG || (next->header & F_PREV_FREE)) {
		/* The successor's header was overwritten (or we are confused):
		 * merging would spread the damage, so leave the block alone. */
		uk_alloc_fault(&t->a, UK_ALLOC_FAULT_CORRUPT, p);
		return 0;
	}
	/* Even once merged away, the header says "free": a second free of
	 * p is then caught as long as the memory is not handed out again. */
	b->header |= F_FREE;
	/*
	 * keep: a free neighbour already in a list. When the merged block
	 * maps to that same list it takes the neighbour's place, which spares
	 * the list and bitmap updates (the common case next to a big block).
	 */
	if (b->header & F_PREV_FREE) {
		keep = b->prev_phys;
		ksize = bsize(keep);
		size += HDR + ksize;
		b = keep;
	}
	if (next->header & F_FREE) {
		if (keep) {
			remove_free(t, next);
		} else {
			keep = next;
			ksize = bsize(next);
		}
		size += HDR + bsize(next);
		next = next_phys(next);
	}
	next->header |= F_PREV_FREE;
	next->prev_phys = b;
	if (keep) {
		mapping(ksize, &kfl, &ksl);
		mapping(size, &fl, &sl);
		if (fl == kfl && sl == ksl) {
			if (keep != b)
				list_replace(t, keep, b, fl, sl);
			t->free_bytes += size - ksize;
			b->header = (b->header & ~SIZE_MASK) | F_FREE | size;
			return bytes;
		}
		list_remove(t, keep, kfl, ksl);
	}
	b->header = (b->header & ~SIZE_MASK) | F_FREE | size;
	insert_free(t, b);
	return bytes;
}

void *tlsf_realloc(struct uk_alloc *a, void *p, size_t size)
{
	struct tlsf *t = (struct tlsf *)a;
	struct tlsf_block *b = checked_block(t, p, 1), *next;
	size_t want = adjust(size), cur;
	void *q;

	if (!b || !want)
		return (void *)0;
	cur = bsize(b);
	if (want > cur) {
		next = next_phys(b);
		if (!(next->header & F_FREE) || cur + HDR + bsize(next) < want) {
			q = tlsf_malloc(a, want);
			if (q) {
				__builtin_memcpy(q, p, cur);
				tlsf_free(a, p);
			}
			return q;
		}
		/* Grow in place into the free neighbour. */
		remove_free(t, next);
		set_size(b, cur + HDR + bsize(next));
	}
	trim_used(t, b, want);
	return p;
}

size_t tlsf_usable_size(struct uk_alloc *a, void *p)
{
	struct tlsf_block *b = checked_block((struct tlsf *)a, p, 0);

	return b ? bsize(b) : 0;
}

/*
 * The largest request malloc is sure to serve: the lower bound of the
 * highest non-empty list (malloc rounds a request up to a list boundary,
 * and every block in that list is at least its lower bound). Below 512
 * bytes the lists are exact.
 */
size_t tlsf_max_alloc(struct tlsf *t)
{
	unsigned fl, sl;
	struct tlsf_block *b;
	size_t best = 0;

	if (!t->fl_bitmap)
		return 0;
	fl = uk_alloc_fls(t->fl_bitmap);
	sl = uk_alloc_fls(t->sl_bitmap[fl]);
	/* The exact largest block in that list also fits (take_free walks
	 * the list when rounding up finds nothing). */
	for (b = t->lists[fl][sl]; b; b = b->next_free)
		if (bsize(b) > best)
			best = bsize(b);
	return best;
}
