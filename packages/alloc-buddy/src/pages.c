/*
 * The page layer of the binary buddy allocator: blocks of 2^k pages, split
 * on allocation and merged with their buddy on free.
 *
 * Each data page has a mark byte; only a block's first page's mark means
 * anything: FREE|k for a free block of order k, USED|k for an allocated
 * one. Marks are never bulk-initialised. They are written when a block is
 * created (carved, or split off its parent) and read only for a buddy,
 * which exists as a block whenever the two halves' parent was split; so an
 * unwritten mark is never trusted. Merging stops at the top-level block a
 * page was carved in, computed from the region size alone.
 */
#include "buddy.h"

#define PAGE UK_ALLOC_PAGE_SIZE
#define MARK_FREE 0x40
#define MARK_USED 0x80
#define MARK_MERGED 0x20 /* first page of a block merged into a lower one */
#define MARK_ORDER 0x1f

_Static_assert(BUDDY_MAX_ORDER <= MARK_ORDER, "order does not fit a mark");

void buddy_pages_init(struct buddy *b)
{
	unsigned k;

	for (k = 0; k < BUDDY_NORDERS; k++)
		b->lists[k].next = b->lists[k].prev = &b->lists[k];
	b->nonempty = 0;
	b->regions = (struct buddy_region *)0;
	b->free_pages = 0;
	b->uncarved_pages = 0;
}

static struct buddy_node *node_at(struct buddy_region *r, size_t off)
{
	return (struct buddy_node *)(r->base + off * PAGE);
}

static void push(struct buddy *b, struct buddy_region *r, size_t off, unsigned k)
{
	struct buddy_node *n = node_at(r, off), *h = &b->lists[k];

	n->region = r;
	n->next = h->next;
	n->prev = h;
	h->next->prev = n;
	h->next = n;
	b->nonempty |= 1u << k;
	r->marks[off] = (unsigned char)(MARK_FREE | k);
	b->free_pages += (size_t)1 << k;
}

static void unlink(struct buddy *b, struct buddy_node *n, unsigned k)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	if (b->lists[k].next == &b->lists[k])
		b->nonempty &= ~(1u << k);
	b->free_pages -= (size_t)1 << k;
}

/*
 * Carving takes the largest aligned power of two at each step, capped at
 * BUDDY_MAX_ORDER, so the top-level blocks of a region are: as many blocks
 * of the maximum order as fit, then one block per set bit of the rest, in
 * decreasing order. The order of the top-level block holding page off
 * follows from that.
 */
static unsigned top_order(const struct buddy_region *r, size_t off)
{
	size_t full = (r->npages >> BUDDY_MAX_ORDER) << BUDDY_MAX_ORDER;

	if (off < full)
		return BUDDY_MAX_ORDER;
	/* The first bit, from the top, where off's rest is below the region's. */
	return uk_alloc_fls((off - full) ^ (r->npages - full));
}

static unsigned carve_order(const struct buddy_region *r)
{
	size_t off = r->carved, rest = r->npages - r->carved;
	unsigned k = uk_alloc_fls(rest);

	if (k > BUDDY_MAX_ORDER)
		k = BUDDY_MAX_ORDER;
	if (off && uk_alloc_ffs(off) < k)
		k = uk_alloc_ffs(off);
	return k;
}

/* Carve blocks until one of order >= want exists. Returns 0 on success. */
static int carve(struct buddy *b, unsigned want)
{
	struct buddy_region *r;
	unsigned k;

	for (r = b->regions; r && b->uncarved_pages; r = r->next) {
		while (r->carved < r->npages) {
			k = carve_order(r);
			push(b, r, r->carved, k);
			r->carved += (size_t)1 << k;
			b->uncarved_pages -= (size_t)1 << k;
			if (k >= want)
				return 0;
		}
	}
	return -1;
}

int buddy_pages_addmem(struct buddy *b, void *base, size_t len)
{
	uintptr_t start = uk_alloc_align_up((uintptr_t)base, PAGE);
	uintptr_t end = uk_alloc_align_down((uintptr_t)base + len, PAGE);
	size_t total, meta;
	struct buddy_region *r;

	if (end <= start || (uintptr_t)base + len < (uintptr_t)base)
		return -UK_ALLOC_EINVAL;
	total = (end - start) / PAGE;
	/* Descriptor and marks first; the marks over-count by meta pages. */
	meta = (sizeof(*r) + total + PAGE - 1) / PAGE;
	if (total <= meta)
		return -UK_ALLOC_ENOMEM;
	r = (struct buddy_region *)start;
	r->base = start + meta * PAGE;
	r->npages = total - meta;
	r->carved = 0;
	r->marks = (unsigned char *)(r + 1);
	r->next = b->regions;
	b->regions = r;
	b->uncarved_pages += r->npages;
	return 0;
}

static unsigned order_for(size_t npages)
{
	return npages == 1 ? 0 : uk_alloc_fls(npages - 1) + 1;
}

void *buddy_pages_alloc(struct buddy *b, size_t npages)
{
	unsigned want, k;
	uint32_t avail;
	struct buddy_node *n;
	struct buddy_region *r;
	size_t off;

	if (npages > ((size_t)1 << BUDDY_MAX_ORDER))
		return (void *)0;
	want = order_for(npages);
	avail = b->nonempty & ~((1u << want) - 1);
	if (!avail) {
		if (carve(b, want))
			return (void *)0;
		avail = b->nonempty & ~((1u << want) - 1);
	}
	k = uk_alloc_ffs(avail);
	n = b->lists[k].next;
	unlink(b, n, k);
	r = n->region;
	off = ((uintptr_t)n - r->base) / PAGE;
	/* Split down, handing back the upper half each time. */
	while (k > want) {
		k--;
		push(b, r, off + ((size_t)1 << k), k);
	}
	r->marks[off] = (unsigned char)(MARK_USED | want);
	return n;
}

static struct buddy_region *region_of(struct buddy *b, uintptr_t p)
{
	struct buddy_region *r;

	for (r = b->regions; r; r = r->next)
		if (p >= r->base && p < r->base + r->carved * PAGE)
			return r;
	return (struct buddy_region *)0;
}

int buddy_pages_free(struct buddy *b, void *p, size_t npages)
{
	struct buddy_region *r = region_of(b, (uintptr_t)p);
	size_t off, bo;
	unsigned char m;
	unsigned k;

	if (!r || (uintptr_t)p % PAGE || npages > ((size_t)1 << BUDDY_MAX_ORDER))
		goto foreign;
	k = order_for(npages);
	off = ((uintptr_t)p - r->base) / PAGE;
	m = r->marks[off];
	if (m & (MARK_FREE | MARK_MERGED)) {
		uk_alloc_fault(&b->a, UK_ALLOC_FAULT_DOUBLE_FREE, p);
		return -1;
	}
	if (m != (MARK_USED | k) || off & (((size_t)1 << k) - 1))
		goto foreign;
	while (k < top_order(r, off)) {
		bo = off ^ ((size_t)1 << k);
		if (r->marks[bo] != (MARK_FREE | k))
			break;
		unlink(b, node_at(r, bo), k);
		/* The upper half stops being a block of its own. */
		r->marks[off > bo ? off : bo] = MARK_MERGED;
		off &= ~((size_t)1 << k);
		k++;
	}
	push(b, r, off, k);
	return 0;
foreign:
	uk_alloc_fault(&b->a, UK_ALLOC_FAULT_FOREIGN, p);
	return -1;
}

int buddy_pages_max_order(struct buddy *b)
{
	struct buddy_region *r;
	int best = b->nonempty ? (int)uk_alloc_fls(b->nonempty) : -1;

	for (r = b->regions; r; r = r->next)
		if (r->carved < r->npages && (int)carve_order(r) > best)
			best = (int)carve_order(r);
	return best;
}
