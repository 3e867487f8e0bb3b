/*
 * malloc and friends over the platform's free memory regions: a bump
 * pointer through each FREE region in turn, plus a first-fit, address-
 * ordered list of freed chunks that merges neighbours. Freeing what lies
 * just below the bump pointer moves the pointer back instead. Every
 * operation is simple and at worst linear in the number of free chunks.
 *
 * A stopgap until @uk/alloc provides real allocators: everything lives in
 * this one file so that swapping it out touches nothing else.
 *
 * Every block starts with a 16-byte header right before the pointer handed
 * out: the usable size, and the padding between the underlying chunk and
 * the header (non-zero only for over-aligned blocks).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/plat.h>

#define ALIGN 16
#define MIN_SPLIT 64 /* smaller leftovers stay with the block */

struct hdr {
	size_t size; /* usable bytes from the user pointer */
	size_t pad;  /* bytes from the chunk start to this header */
};

struct free_chunk {
	size_t total;
	struct free_chunk *next;
};

static uintptr_t brk, brk_end;
static int region = -1; /* index of the region brk is in */
static struct free_chunk *free_list;

static uintptr_t align_up(uintptr_t v, uintptr_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/*
 * Give a chunk back: into the address-ordered free list, merged with the
 * free neighbours it touches, and handed back to brk when it ends there.
 * Merging keeps a long-running mix of sizes from fragmenting the heap.
 */
static void release(uintptr_t start, size_t total)
{
	struct free_chunk **pp = &free_list, *prev = NULL, *c;

	while (*pp && (uintptr_t)*pp < start) {
		prev = *pp;
		pp = &prev->next;
	}
	if (prev && (uintptr_t)prev + prev->total == start) {
		prev->total += total;
		c = prev;
	} else {
		c = (struct free_chunk *)start;
		c->total = total;
		c->next = *pp;
		*pp = c;
	}
	if (c->next && (uintptr_t)c + c->total == (uintptr_t)c->next) {
		c->total += c->next->total;
		c->next = c->next->next;
	}
	if ((uintptr_t)c + c->total == brk && !c->next) {
		/* the last chunk below brk: unlink it and lower brk instead */
		for (pp = &free_list; *pp != c; pp = &(*pp)->next)
			;
		*pp = NULL;
		brk = (uintptr_t)c;
	}
}

/* Move brk to the next FREE region with at least need bytes. */
static int next_region(size_t need)
{
	struct uk_plat_memregion r;

	for (int i = region + 1; uk_plat_memregion_get(i, &r) == 0; i++) {
		/* Never hand out page 0: a pointer there would read as NULL. */
		uintptr_t b = align_up(r.base < 4096 ? 4096 : r.base, ALIGN);
		uintptr_t e = (r.base + r.len) & ~(uintptr_t)(ALIGN - 1);

		if (r.kind != UK_PLAT_MEM_FREE || e <= b || e - b < need)
			continue;
		/* Keep what is left of the old region as a free chunk. */
		if (brk_end - brk >= MIN_SPLIT)
			release(brk, brk_end - brk);
		brk = b;
		brk_end = e;
		region = i;
		return 0;
	}
	return -1;
}

/* A chunk of at least *total bytes (16-aligned); *total gets its real size. */
static uintptr_t take(size_t *total)
{
	struct free_chunk **pp, *c;
	uintptr_t start;

	for (pp = &free_list; (c = *pp); pp = &c->next) {
		if (c->total < *total)
			continue;
		if (c->total - *total >= MIN_SPLIT) {
			struct free_chunk *rest = (struct free_chunk *)((uintptr_t)c + *total);

			rest->total = c->total - *total;
			rest->next = c->next;
			*pp = rest;
		} else {
			*total = c->total;
			*pp = c->next;
		}
		return (uintptr_t)c;
	}
	if (brk_end - brk < *total && next_region(*total))
		return 0;
	start = brk;
	brk += *total;
	return start;
}

/* Block of size bytes aligned to align (a power of two, at least ALIGN). */
static void *alloc(size_t size, size_t align)
{
	size_t extra = align > ALIGN ? align : 0;
	size_t total;
	uintptr_t chunk, user;
	struct hdr *h;

	if (size > SIZE_MAX / 2 - extra) {
		errno = ENOMEM;
		return NULL;
	}
	total = sizeof(struct hdr) + align_up(size ? size : 1, ALIGN) + extra;
	chunk = take(&total);
	if (!chunk) {
		errno = ENOMEM;
		return NULL;
	}
	user = align_up(chunk + sizeof(struct hdr), align);
	h = (struct hdr *)user - 1;
	h->pad = (uintptr_t)h - chunk;
	h->size = chunk + total - user;
	return (void *)user;
}

void *malloc(size_t size)
{
	return alloc(size, ALIGN);
}

void free(void *p)
{
	struct hdr *h;

	if (!p)
		return;
	h = (struct hdr *)p - 1;
	release((uintptr_t)h - h->pad, h->pad + sizeof(*h) + h->size);
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(n * size);
	return p ? memset(p, 0, n * size) : NULL;
}

void *realloc(void *p, size_t size)
{
	struct hdr *h;
	void *q;

	if (!p)
		return malloc(size);
	if (!size) {
		free(p);
		return NULL;
	}
	h = (struct hdr *)p - 1;
	if (size <= h->size)
		return p;
	/* The newest block can grow in place. */
	if ((uintptr_t)p + h->size == brk && size <= SIZE_MAX / 2) {
		size_t grow = align_up(size, ALIGN) - h->size;

		if (brk_end - brk >= grow) {
			brk += grow;
			h->size += grow;
			return p;
		}
	}
	q = malloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, h->size);
	free(p);
	return q;
}

void *aligned_alloc(size_t align, size_t size)
{
	if (!align || (align & (align - 1))) {
		errno = EINVAL;
		return NULL;
	}
	return alloc(size, align < ALIGN ? ALIGN : align);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = alloc(size, align < ALIGN ? ALIGN : align);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
