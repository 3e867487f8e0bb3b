/*
 * Host test of @uk/alloc-core's registry, errno handling and boot glue,
 * with a fake platform (memory regions) and a fake allocator that records
 * what it was given.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uk/alloc_impl.h>
#include <uk/plat.h>

#define CHECK(c)                                                              \
	do {                                                                  \
		if (!(c)) {                                                   \
			fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #c); \
			exit(1);                                              \
		}                                                             \
	} while (0)

static const struct uk_plat_memregion regions[] = {
	{ 0x0, 0x9f000, UK_PLAT_MEM_FREE },          /* low memory: page 0 cut */
	{ 0x100000, 0x200000, UK_PLAT_MEM_IMAGE },
	{ 0x300000, 0x1000, UK_PLAT_MEM_RESERVED },
	{ 0x400800, 0x3ff000, UK_PLAT_MEM_FREE },    /* largest, unaligned */
	{ 0x900000, 0x800, UK_PLAT_MEM_FREE },       /* under a page: dropped */
};

int uk_plat_memregion_count(void)
{
	return (int)(sizeof(regions) / sizeof(regions[0]));
}

int uk_plat_memregion_get(int i, struct uk_plat_memregion *out)
{
	if (i < 0 || i >= uk_plat_memregion_count())
		return -1;
	*out = regions[i];
	return 0;
}

/* The fake allocator: never touches the memory it is given. */
struct fake {
	struct uk_alloc a;
	uintptr_t base[8];
	size_t len[8];
	int n;
	int fail_next;
};
static struct fake fakes[4];
static int nfakes;

static void *f_malloc(struct uk_alloc *a, size_t size)
{
	struct fake *f = (struct fake *)a;

	(void)size;
	if (f->fail_next)
		return NULL;
	return (void *)f->base[0];
}
static void *f_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	(void)align;
	return f_malloc(a, size);
}
static size_t f_free(struct uk_alloc *a, void *p)
{
	(void)a;
	(void)p;
	return 16;
}
static size_t f_usable(struct uk_alloc *a, void *p)
{
	(void)a;
	(void)p;
	return 16;
}
static void *f_palloc(struct uk_alloc *a, size_t n)
{
	(void)n;
	return f_malloc(a, 0);
}
static int f_pfree(struct uk_alloc *a, void *p, size_t n)
{
	(void)a;
	(void)p;
	(void)n;
	return 0;
}
static int f_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct fake *f = (struct fake *)a;

	f->base[f->n] = (uintptr_t)base;
	f->len[f->n++] = len;
	return 0;
}
static size_t f_avail(struct uk_alloc *a)
{
	struct fake *f = (struct fake *)a;
	size_t s = 0;

	for (int i = 0; i < f->n; i++)
		s += f->len[i];
	return s;
}
static const struct uk_alloc_ops fake_ops = {
	f_malloc, f_memalign, NULL, f_free, f_usable, f_palloc, f_pfree, f_addmem, f_avail, f_avail,
};

static struct uk_alloc *fake_create(void *base, size_t len)
{
	struct fake *f = &fakes[nfakes++];

	uk_alloc_init_handle(&f->a, nfakes == 1 ? "fake1" : "fake2", &fake_ops);
	f_addmem(&f->a, base, len);
	uk_alloc_register(&f->a);
	return &f->a;
}

static struct uk_alloc *hooked_a;
static enum uk_alloc_fault hooked_fault;
static const void *hooked_p;

static void record_fault(struct uk_alloc *a, enum uk_alloc_fault fault, const void *p)
{
	hooked_a = a;
	hooked_fault = fault;
	hooked_p = p;
}

int main(void)
{
	struct uk_alloc *a, *b;
	struct fake *f;
	struct uk_alloc_stats st;
	void *p;

	/* No allocator yet: NULL, ENOMEM, no crash. */
	CHECK(uk_alloc_default() == NULL);
	errno = 0;
	CHECK(uk_malloc(uk_alloc_default(), 10) == NULL && errno == ENOMEM);
	CHECK(uk_palloc(uk_alloc_default(), 1) == NULL);

	CHECK(uk_alloc_boot_default(fake_create) == 0);
	a = uk_alloc_default();
	f = (struct fake *)a;
	CHECK(a && strcmp(uk_alloc_name(a), "fake1") == 0);
	/* Created over the largest FREE region, page-aligned inward. */
	CHECK(f->base[0] == 0x401000 && f->len[0] == 0x3fe000);
	/* Then the other FREE region, without page 0. */
	CHECK(f->n == 2 && f->base[1] == 0x1000 && f->len[1] == 0x9e000);

	/* A second default is refused: the regions are already handed out. */
	CHECK(uk_alloc_boot_default(fake_create) == -EEXIST);
	CHECK(uk_alloc_default() == a);

	/* Another allocator registers but does not take over as default. */
	b = fake_create((void *)0x10000000, 0x1000);
	CHECK(uk_alloc_default() == a);
	CHECK(uk_alloc_first() == a && uk_alloc_next(a) == b && uk_alloc_next(b) == NULL);
	CHECK(uk_alloc_find("fake2") == b && uk_alloc_find("nope") == NULL);
	uk_alloc_set_default(b);
	CHECK(uk_alloc_default() == b);
	uk_alloc_set_default(a);

	/* Argument checks in the wrappers. */
	errno = 0;
	CHECK(uk_calloc(a, (size_t)1 << 40, (size_t)1 << 40) == NULL && errno == ENOMEM);
	errno = 0;
	CHECK(uk_memalign(a, 24, 10) == NULL && errno == EINVAL);
	CHECK(uk_posix_memalign(a, &p, 4, 10) == EINVAL);
	CHECK(uk_posix_memalign(a, &p, 64, 10) == 0 && p == (void *)f->base[0]);
	f->fail_next = 1;
	errno = 0;
	CHECK(uk_posix_memalign(a, &p, 64, 10) == ENOMEM && errno == 0);
	CHECK(uk_malloc(a, 1) == NULL && errno == ENOMEM);
	CHECK(uk_palloc(a, 1) == NULL);
	uk_alloc_stats_get(a, &st);
	CHECK(st.nb_enomem == 4); /* calloc overflow, posix_memalign, malloc, palloc */
	uk_free(a, NULL);
	CHECK(uk_realloc(a, NULL, 0) == NULL); /* malloc(0) while the fake fails */
	/* The wrapper keeps palloc within UK_ALLOC_MAX_PAGES, as the contract says. */
	f->fail_next = 0;
	errno = 0;
	CHECK(uk_palloc(a, UK_ALLOC_MAX_PAGES + 1) == NULL && errno == ENOMEM);
	CHECK(uk_palloc(a, UK_ALLOC_MAX_PAGES) == (void *)f->base[0]);

	/* Faults reach the hook and are counted. */
	CHECK(uk_alloc_set_fault_hook(record_fault) != record_fault);
	uk_alloc_fault(a, UK_ALLOC_FAULT_DOUBLE_FREE, (void *)0x1234);
	uk_alloc_stats_get(a, &st);
	CHECK(st.nb_faults == 1);
	CHECK(hooked_a == a && hooked_fault == UK_ALLOC_FAULT_DOUBLE_FREE && hooked_p == (void *)0x1234);
	CHECK(uk_alloc_set_fault_hook(NULL) == record_fault);
	puts("OK core");
	return 0;
}
