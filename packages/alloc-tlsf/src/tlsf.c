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
 *   +0   prev_phys  the previous block in memory when it is free, else NULL
 *   +8   header     payload size | tag | FREE
 *   +16  payload    (free blocks keep their list links here)
 *
 * The next block in memory starts right after the payload; each pool ends
 * with a zero-size used block so that walk always stops. The tag in the
 * header's top bits lets free() reject pointers it never handed out.
 *
 * prev_phys doubles as the "previous block is free" flag, so that flag is
 * set and cleared with a plain store. Handing out (part of) a free block
 * then never reads the cache line of the block after it, which on a big,
 * fragmented heap is a miss that malloc would otherwise wait for.
 */
#include "tlsf.h"

#define HDR 16                   /* bytes before the payload */
#define MIN_PAYLOAD 16           /* room for the two list links */
#define MIN_BLOCK (HDR + MIN_PAYLOAD)
#define F_FREE ((size_t)1)
#define TAG_SHIFT 48
#define TAG ((size_t)0xa11cu << TAG_SHIFT)
#define TAG_MASK ((size_t)0xffffu << TAG_SHIFT)
#define SIZE_MASK ((((size_t)1 << TAG_SHIFT) - 1) & ~(size_t)15)
#define MAX_SIZE (((size_t)1 << TLSF_SIZE_BITS) - TLSF_ALIGN)

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

/*
 * The shift that turns a size into its second-level index: 4 below 512
 * (lists 16 bytes apart), else such that 32 lists split the size's power
 * of two. The |512 gives both cases one formula, without a branch: requests
 * fall on both sides of 512 alike, so a branch would often mispredict.
 */
static inline unsigned sl_shift(size_t size)
{
	return uk_alloc_fls(size | ((size_t)1 << TLSF_FL_SHIFT)) - TLSF_SL_LOG2;
}

/* List indices of a size: first level fl, second level sl (no branch). */
static inline void mapping(size_t size, unsigned *fl, unsigned *sl)
{
	*fl = uk_alloc_fls(size | ((size_t)1 << (TLSF_FL_SHIFT - 1))) - (TLSF_FL_SHIFT - 1);
	*sl = (unsigned)(size >> sl_shift(size)) & (TLSF_SL_COUNT - 1);
}

/*
 * Whether sizes x and y map to the same list, for one find-last-set
 * instead of two mappings. y's shift keeps what names y's list (its top
 * bit and the 5 bits below it; below 512, all of y / 16), and x shifted
 * alike equals that exactly when x is in the same list: a higher top bit
 * would leave more bits, a lower one fewer.
 */
static inline int same_list(size_t x, size_t y)
{
	unsigned s = sl_shift(y);

	return (x >> s) == (y >> s);
}

/*
 * The list to search for a request: rounding the size up to the next list
 * boundary guarantees every block in that list or above fits (good fit,
 * no list walk). Below 512 sizes are multiples of 16, so adding 15 changes
 * nothing there.
 */
static inline void mapping_search(size_t size, unsigned *fl, unsigned *sl)
{
	mapping(size + ((size_t)1 << sl_shift(size)) - 1, fl, sl);
}

/*
 * Bitmaps after list (fl, sl) lost a block: its bit goes when the block was
 * alone (prev and next both nil), and fl's bit with the last sl bit. No
 * branch: whether a list empties is as random as the sizes.
 */
static inline void list_emptied(struct tlsf *t, unsigned fl, unsigned sl, int empty)
{
	uint32_t sl_map = t->sl_bitmap[fl] & ~((uint32_t)empty << sl);

	t->sl_bitmap[fl] = sl_map;
	t->fl_bitmap &= ~((uint64_t)(sl_map == 0) << fl);
}

/* Unlink b from list (fl, sl), wherever it sits in it. */
static inline void list_remove(struct tlsf *t, struct tlsf_block *b, unsigned fl, unsigned sl)
{
	struct tlsf_block *prev = b->prev_free, *next = b->next_free, *nil = &t->nil;
	int head = prev == nil;

	prev->next_free = next;
	next->prev_free = prev;
	if (head)
		t->lists[fl][sl] = next;
	list_emptied(t, fl, sl, head & (next == nil));
	t->free_bytes -= bsize(b);
}

/* Unlink b, the head of list (fl, sl), as malloc does. */
static inline void list_pop(struct tlsf *t, struct tlsf_block *b, unsigned fl, unsigned sl)
{
	struct tlsf_block *next = b->next_free;

	next->prev_free = &t->nil;
	t->lists[fl][sl] = next;
	list_emptied(t, fl, sl, next == &t->nil);
	t->free_bytes -= bsize(b);
}

/* New takes old's place in list (fl, sl). */
static inline void list_replace(struct tlsf *t, struct tlsf_block *old, struct tlsf_block *new,
				unsigned fl, unsigned sl)
{
	struct tlsf_block *prev = old->prev_free, *next = old->next_free;

	new->next_free = next;
	new->prev_free = prev;
	prev->next_free = new;
	next->prev_free = new;
	if (prev == &t->nil)
		t->lists[fl][sl] = new;
}

static inline void remove_free(struct tlsf *t, struct tlsf_block *b)
{
	unsigned fl, sl;

	mapping(bsize(b), &fl, &sl);
	list_remove(t, b, fl, sl);
}

/* Push b on list (fl, sl), which must be the list of its size. */
static inline void list_insert(struct tlsf *t, struct tlsf_block *b, unsigned fl, unsigned sl)
{
	struct tlsf_block *head = t->lists[fl][sl];

	/* An empty list's head may be stale (see struct tlsf): use nil. */
	if (!(t->sl_bitmap[fl] & (1u << sl)))
		head = &t->nil;
	b->prev_free = &t->nil;
	b->next_free = head;
	head->prev_free = b;
	t->lists[fl][sl] = b;
	t->sl_bitmap[fl] |= 1u << sl;
	t->fl_bitmap |= (uint64_t)1 << fl;
	t->free_bytes += bsize(b);
}

static inline void insert_free(struct tlsf *t, struct tlsf_block *b)
{
	unsigned fl, sl;

	mapping(bsize(b), &fl, &sl);
	list_insert(t, b, fl, sl);
}

/*
 * First block of the smallest non-empty list at or above (*fl, *sl), whose
 * indices are left in *fl and *sl; NULL when there is none.
 */
static inline struct tlsf_block *find_suitable(struct tlsf *t, unsigned *fl, unsigned *sl)
{
	uint32_t sl_map;
	uint64_t fl_map;
	unsigned f;

	if (__builtin_expect(*fl >= TLSF_FL_COUNT, 0))
		return (struct tlsf_block *)0;
	sl_map = t->sl_bitmap[*fl] & (~(uint32_t)0 << *sl);
	fl_map = t->fl_bitmap & (~(uint64_t)0 << (*fl + 1));
	if (__builtin_expect(!sl_map && !fl_map, 0))
		return (struct tlsf_block *)0;
	/*
	 * Whether (fl, sl)'s own first level has a fitting list is as random
	 * as the sizes, so pick between it and the next non-empty first level
	 * without a branch (the top bit keeps ffs defined when fl_map is 0).
	 */
	f = uk_alloc_ffs(fl_map | (uint64_t)1 << 63);
	f = sl_map ? *fl : f;
	sl_map = sl_map ? sl_map : t->sl_bitmap[f];
	*fl = f;
	*sl = uk_alloc_ffs(sl_map);
	return t->lists[f][*sl];
}

/* Request size -> payload size, or 0 when it can never be served. */
static inline size_t adjust(size_t size)
{
	if (__builtin_expect(size > MAX_SIZE, 0))
		return 0;
	size = uk_alloc_align_up(size, TLSF_ALIGN);
	return size < MIN_PAYLOAD ? MIN_PAYLOAD : size;
}

/*
 * When rounding a request up found nothing: rounding can skip the one list
 * whose blocks may still fit (near exhaustion), so walk it for a block of at
 * least size bytes and take it out; malloc then fails only when none fits.
 */
static struct tlsf_block *take_from_own_list(struct tlsf *t, size_t size)
{
	unsigned fl, sl;
	struct tlsf_block *b;

	mapping(size, &fl, &sl);
	if (!(t->sl_bitmap[fl] & (1u << sl)))
		return (struct tlsf_block *)0;
	for (b = t->lists[fl][sl]; b != &t->nil; b = b->next_free) {
		if (bsize(b) >= size) {
			list_remove(t, b, fl, sl);
			return b;
		}
	}
	return (struct tlsf_block *)0;
}

/* Take a free block of at least size bytes out of the lists. */
static struct tlsf_block *take_free(struct tlsf *t, size_t size)
{
	unsigned fl, sl;
	struct tlsf_block *b;

	mapping_search(size, &fl, &sl);
	b = find_suitable(t, &fl, &sl);
	if (b) {
		list_pop(t, b, fl, sl); /* no need to map its size again */
		return b;
	}
	return take_from_own_list(t, size);
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
		rest->prev_phys = (struct tlsf_block *)0;
		next = next_phys(rest);
		if (next->header & F_FREE) {
			remove_free(t, next);
			set_size(rest, bsize(rest) + HDR + bsize(next));
			next = next_phys(rest);
		}
		next->prev_phys = rest;
		insert_free(t, rest);
	} else {
		next_phys(b)->prev_phys = (struct tlsf_block *)0;
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
	b->header = TAG | F_FREE | size;
	b->prev_phys = (struct tlsf_block *)0; /* nothing before it to merge with */
	sentinel = next_phys(b);
	sentinel->header = TAG; /* used, size 0 */
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
	struct tlsf_block *b, *u;
	unsigned fl, sl;
	size_t rsize;

	size = adjust(size);
	if (__builtin_expect(!size, 0))
		return (void *)0;
	mapping_search(size, &fl, &sl);
	b = find_suitable(t, &fl, &sl);
	if (__builtin_expect(!b, 0)) {
		/* Nothing found by rounding up: near exhaustion, or too big. */
		if (!(b = take_from_own_list(t, size)))
			return b;
		trim_used(t, b, size);
		return payload(b);
	}
	if (bsize(b) < size + MIN_BLOCK) {
		/* Too little left over for a block of its own: hand all of b out. */
		list_pop(t, b, fl, sl);
		b->header &= ~F_FREE;
		next_phys(b)->prev_phys = (struct tlsf_block *)0;
		return payload(b);
	}
	/*
	 * Split, cutting the request off b's END: b stays where it is, with its
	 * header and list links in a cache line just read, and usually in the
	 * same list, which is then left alone. Cutting off the front would write
	 * a header for the rest in a line not yet touched and move b's list
	 * entry there, touching its list neighbours too.
	 */
	rsize = bsize(b) - size - HDR;
	u = (struct tlsf_block *)((char *)b + HDR + rsize);
	u->prev_phys = b;
	u->header = TAG | size;
	next_phys(u)->prev_phys = (struct tlsf_block *)0;
	b->header = (b->header & ~SIZE_MASK) | rsize;
	t->free_bytes -= size + HDR;
	if (!same_list(rsize, rsize + HDR + size)) {
		list_pop(t, b, fl, sl);
		insert_free(t, b);
	}
	return payload(u);
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
		nb->header = TAG | (bsize(b) - gap);
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
	struct tlsf_block *b = checked_block(t, p, 1), *prev, *next, *keep = (struct tlsf_block *)0;
	size_t bytes, size, ksize = 0;
	unsigned kfl, ksl;

	if (!b)
		return 0;
	bytes = size = bsize(b);
	next = next_phys(b);
	prev = b->prev_phys;
	/*
	 * Neighbours that do not agree with b (the successor's header, or its
	 * "previous is free" link, or a free predecessor that does not end at
	 * b) were overwritten: merging would spread the damage, so leave the
	 * block alone. The predecessor is range-checked before it is read.
	 */
	if (__builtin_expect((next->header & TAG_MASK) != TAG || next->prev_phys, 0) ||
	    (prev && __builtin_expect((uintptr_t)prev % TLSF_ALIGN || (uintptr_t)prev < t->lo || prev >= b ||
				      (prev->header & (TAG_MASK | F_FREE)) != (TAG | F_FREE) ||
				      next_phys(prev) != b, 0))) {
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
	if (prev) {
		keep = prev;
		ksize = bsize(prev);
		size += HDR + ksize;
		b = prev;
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
	next->prev_phys = b;
	if (keep) {
		mapping(ksize, &kfl, &ksl);
		if (same_list(size, ksize)) {
			if (keep != b)
				list_replace(t, keep, b, kfl, ksl);
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
 * The largest request malloc is sure to serve: the largest block of the
 * highest non-empty list. Rounding that size up may skip the list, but
 * malloc then walks it (take_from_own_list) and finds the block.
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
	for (b = t->lists[fl][sl]; b != &t->nil; b = b->next_free)
		if (bsize(b) > best)
			best = bsize(b);
	return best;
}
