/*
 * The consumer-facing entry points of @uk/alloc: argument checks, errno,
 * statistics and the fallbacks (calloc, realloc by copy, memalign by
 * malloc) shared by every allocator, so each implementation only writes
 * its core operations.
 */
#include <uk/alloc_impl.h>

/*
 * errno lives in libc, which this library does not require: a weak
 * reference to @uk/libc's accessor sets it when libc is linked and is
 * skipped otherwise.
 */
extern int *__uk_errno_location(void) __attribute__((weak));

static void set_errno(int e)
{
	if (__uk_errno_location)
		*__uk_errno_location() = e;
}

static void *fail(struct uk_alloc *a, int e)
{
	if (a && e == UK_ALLOC_ENOMEM)
		a->stats.nb_enomem++;
	set_errno(e);
	return (void *)0;
}

#if CONFIG_UK_ALLOC_CORE_STATS
static void account_alloc(struct uk_alloc *a, size_t bytes)
{
	a->stats.nb_allocs++;
	a->stats.cur_bytes += bytes;
	if (a->stats.cur_bytes > a->stats.peak_bytes)
		a->stats.peak_bytes = a->stats.cur_bytes;
}

static void account_free(struct uk_alloc *a, size_t bytes)
{
	a->stats.nb_frees++;
	a->stats.cur_bytes -= bytes;
}
#define ACCOUNT_ALLOC(a, p) account_alloc(a, (a)->ops->usable_size(a, p))
#define ACCOUNT_FREE(a, bytes) account_free(a, bytes)
#define ACCOUNT_PALLOC(a, n) account_alloc(a, (n) << UK_ALLOC_PAGE_SHIFT)
#define ACCOUNT_PFREE(a, n) account_free(a, (n) << UK_ALLOC_PAGE_SHIFT)
#else
#define ACCOUNT_ALLOC(a, p) ((void)0)
#define ACCOUNT_FREE(a, bytes) ((void)(bytes))
#define ACCOUNT_PALLOC(a, n) ((void)0)
#define ACCOUNT_PFREE(a, n) ((void)0)
#endif

/*
 * The allocation behind uk_malloc, uk_memalign and uk_posix_memalign, for an
 * align that is a power of two: counts it, or counts the failure; errno is
 * left to the caller (posix_memalign must not set it).
 */
static void *alloc(struct uk_alloc *a, size_t align, size_t size)
{
	void *p;

	if (!a)
		return (void *)0;
	if (align <= UK_ALLOC_MIN_ALIGN)
		p = a->ops->malloc(a, size);
	/* Rejects sizes whose padding for alignment would wrap around. */
	else if (size > (size_t)-1 / 2 || align > (size_t)-1 / 4)
		p = (void *)0;
	else
		p = a->ops->memalign(a, align, size);
	if (!p) {
		a->stats.nb_enomem++;
		return p;
	}
	ACCOUNT_ALLOC(a, p);
	return p;
}

void *uk_malloc(struct uk_alloc *a, size_t size)
{
	void *p = alloc(a, UK_ALLOC_MIN_ALIGN, size);

	if (!p)
		set_errno(UK_ALLOC_ENOMEM);
	return p;
}

void *uk_calloc(struct uk_alloc *a, size_t nmemb, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(nmemb, size, &bytes))
		return fail(a, UK_ALLOC_ENOMEM);
	p = uk_malloc(a, bytes);
	if (p)
		__builtin_memset(p, 0, bytes);
	return p;
}

void *uk_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	void *p;

	if (!uk_alloc_is_pow2(align))
		return fail(a, UK_ALLOC_EINVAL);
	p = alloc(a, align, size);
	if (!p)
		set_errno(UK_ALLOC_ENOMEM);
	return p;
}

int uk_posix_memalign(struct uk_alloc *a, void **memptr, size_t align, size_t size)
{
	void *p;

	if (!uk_alloc_is_pow2(align) || align % sizeof(void *))
		return UK_ALLOC_EINVAL;
	p = alloc(a, align, size);
	if (!p)
		return UK_ALLOC_ENOMEM;
	*memptr = p;
	return 0;
}

void uk_free(struct uk_alloc *a, void *p)
{
	size_t bytes;

	if (!p || !a)
		return;
	bytes = a->ops->free(a, p);
	if (bytes) /* 0: the implementation reported a fault */
		ACCOUNT_FREE(a, bytes);
}

void *uk_realloc(struct uk_alloc *a, void *p, size_t size)
{
	size_t old;
	void *q;

	if (!p)
		return uk_malloc(a, size);
	if (!size) {
		uk_free(a, p);
		return (void *)0;
	}
	old = a->ops->usable_size(a, p);
	if (a->ops->realloc) {
		q = a->ops->realloc(a, p, size);
		if (!q)
			return fail(a, UK_ALLOC_ENOMEM);
#if CONFIG_UK_ALLOC_CORE_STATS
		account_free(a, old);
		a->stats.nb_frees--; /* a resize is neither a free nor an alloc */
		a->stats.nb_allocs--;
		ACCOUNT_ALLOC(a, q);
#endif
		return q;
	}
	if (old >= size)
		return p;
	q = uk_malloc(a, size);
	if (!q)
		return (void *)0; /* errno set; p untouched, as C says */
	__builtin_memcpy(q, p, old);
	uk_free(a, p);
	return q;
}

size_t uk_alloc_usable_size(struct uk_alloc *a, void *p)
{
	return p ? a->ops->usable_size(a, p) : 0;
}

void *uk_palloc(struct uk_alloc *a, size_t npages)
{
	void *p;

	if (!a || !npages || npages > UK_ALLOC_MAX_PAGES)
		return fail(a, UK_ALLOC_ENOMEM);
	p = a->ops->palloc(a, npages);
	if (!p)
		return fail(a, UK_ALLOC_ENOMEM);
	ACCOUNT_PALLOC(a, npages);
	return p;
}

void uk_pfree(struct uk_alloc *a, void *p, size_t npages)
{
	if (!p || !a || !npages)
		return;
	if (a->ops->pfree(a, p, npages) == 0)
		ACCOUNT_PFREE(a, npages);
}

int uk_alloc_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return a->ops->addmem(a, base, len);
}

size_t uk_alloc_availmem(struct uk_alloc *a)
{
	return a->ops->availmem(a);
}

size_t uk_alloc_maxalloc(struct uk_alloc *a)
{
	return a->ops->maxalloc(a);
}

const char *uk_alloc_name(struct uk_alloc *a)
{
	return a->name;
}

void uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out)
{
	*out = a->stats;
#if CONFIG_UK_ALLOC_CORE_STATS
	out->bytes_tracked = 1;
#else
	out->bytes_tracked = 0;
#endif
}
