/*
 * The allocator API, as seen by implementations (@uk/alloc-tlsf, ...).
 * Consumers include uk/alloc.h only; this header fixes the layout of the
 * handle so that @uk/alloc-core's wrappers can dispatch to any allocator.
 *
 * An implementation embeds struct uk_alloc as the FIRST member of its own
 * state, fills a static struct uk_alloc_ops, and calls uk_alloc_register()
 * from its create function. The wrappers in @uk/alloc-core do the shared
 * work (errno, statistics, calloc's overflow check and zeroing, argument
 * checks), so an operation here only ever sees sane arguments:
 *   - malloc: any size (0 included); returns a UK_ALLOC_MIN_ALIGN block;
 *   - memalign: align a power of two > UK_ALLOC_MIN_ALIGN;
 *   - realloc: p not NULL and size not 0; may be NULL in the ops, then the
 *     wrapper does malloc + copy + free using usable_size;
 *   - free: p not NULL; returns the usable bytes released, or 0 after
 *     reporting a fault with uk_alloc_fault() (double or foreign free);
 *   - usable_size: p not NULL; returns 0 when p is not a live block it
 *     can recognise cheaply;
 *   - palloc: 1 <= npages <= UK_ALLOC_MAX_PAGES, so npages pages plus
 *     alignment padding fit in a size_t;
 *   - pfree: npages >= 1; returns 0, or -1 after reporting a fault.
 * A page-only allocator may leave the object operations NULL and get them
 * from the generic object layer (uk/alloc_objlayer.h in @uk/alloc-core).
 */
#ifndef UK_ALLOC_IMPL_H
#define UK_ALLOC_IMPL_H

#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The most pages palloc is asked for: a quarter of the address space. */
#define UK_ALLOC_MAX_PAGES ((size_t)-1 >> (UK_ALLOC_PAGE_SHIFT + 2))

struct uk_alloc_ops {
	void *(*malloc)(struct uk_alloc *a, size_t size);
	void *(*memalign)(struct uk_alloc *a, size_t align, size_t size);
	void *(*realloc)(struct uk_alloc *a, void *p, size_t size);
	size_t (*free)(struct uk_alloc *a, void *p);
	size_t (*usable_size)(struct uk_alloc *a, void *p);
	void *(*palloc)(struct uk_alloc *a, size_t npages);
	int (*pfree)(struct uk_alloc *a, void *p, size_t npages);
	int (*addmem)(struct uk_alloc *a, void *base, size_t len);
	size_t (*availmem)(struct uk_alloc *a);
	size_t (*maxalloc)(struct uk_alloc *a);
};

/* The handle. Its layout is part of the ABI of @uk/alloc (major version). */
struct uk_alloc {
	const struct uk_alloc_ops *ops;
	const char *name;
	struct uk_alloc *next; /* registry list, oldest first */
	struct uk_alloc_stats stats;
};

/* Set up the handle; call before anything else touches it. */
static inline void uk_alloc_init_handle(struct uk_alloc *a, const char *name,
					const struct uk_alloc_ops *ops)
{
	a->ops = ops;
	a->name = name;
	a->next = (struct uk_alloc *)0;
	__builtin_memset(&a->stats, 0, sizeof(a->stats));
}

/* Add a to the registry; the first one registered becomes the default. */
void uk_alloc_register(struct uk_alloc *a);

/* Report misuse found by an implementation (counts it, calls the hook). */
void uk_alloc_fault(struct uk_alloc *a, enum uk_alloc_fault fault, const void *p);

/* The entry point every implementation exports: uk_alloc_<name>_create. */
typedef struct uk_alloc *(*uk_alloc_create_fn)(void *base, size_t len);

/*
 * Boot glue for the default allocator: create one over the largest FREE
 * platform memory region, addmem every other FREE region, register it and
 * make it the default. Returns 0, -EEXIST when a default already exists
 * (two implementations were both built as the default), or -ENOMEM.
 * Implementations call it through UK_ALLOC_BOOT_DEFAULT below.
 */
int uk_alloc_boot_default(uk_alloc_create_fn create);

/*
 * The default allocator's boot entry, one line in an implementation's
 * src/boot.c after #include <uk/init.h> (from @uk/boot):
 *     UK_ALLOC_BOOT_DEFAULT(tlsf);
 * When the build defines CONFIG_UK_ALLOC_DEFAULT_IS_SELF for the library,
 * this is uk_alloc_tlsf_boot(), which calls uk_alloc_boot_default with
 * uk_alloc_tlsf_create, in the init table at UK_INIT_LIB, priority 0;
 * otherwise nothing. See packages/alloc/README.md.
 */
#ifdef CONFIG_UK_ALLOC_DEFAULT_IS_SELF
#define UK_ALLOC_BOOT_DEFAULT(name)                                            \
	static int uk_alloc_##name##_boot(void)                                \
	{                                                                      \
		return uk_alloc_boot_default(uk_alloc_##name##_create);        \
	}                                                                      \
	UK_INIT(uk_alloc_##name##_boot, UK_INIT_LIB, UK_INIT_PRIO_FIRST)
#else
/* ISO C wants at least one declaration in a translation unit. */
#define UK_ALLOC_BOOT_DEFAULT(name) typedef int uk_alloc_##name##_boot_unused
#endif

/* Small helpers shared by implementations. */
static inline uintptr_t uk_alloc_align_up(uintptr_t x, uintptr_t align)
{
	return (x + align - 1) & ~(align - 1);
}

static inline uintptr_t uk_alloc_align_down(uintptr_t x, uintptr_t align)
{
	return x & ~(align - 1);
}

static inline int uk_alloc_is_pow2(size_t x)
{
	return x && !(x & (x - 1));
}

/*
 * The start of every uk_alloc_<name>_create(base, len): the allocator keeps
 * its state (size bytes, at the first multiple of align, a power of two) at
 * the front of the memory it is given and manages what follows. Returns the
 * state, with the rest of [base, base+len) in *rest and *rest_len (possibly
 * 0 bytes: the allocator's addmem decides what is too small to use), or NULL
 * when the state does not fit or the range wraps around the address space.
 * Written once here so no allocator gets the overflow checks wrong.
 */
static inline void *uk_alloc_carve_state(void *base, size_t len, size_t align, size_t size,
					 void **rest, size_t *rest_len)
{
	uintptr_t b = (uintptr_t)base, start = uk_alloc_align_up(b, align);
	size_t skip = start - b;

	if (start < b || b + len < b || len < skip || len - skip < size)
		return (void *)0;
	*rest = (void *)(start + size);
	*rest_len = len - skip - size;
	return (void *)start;
}

/*
 * Index of the most significant set bit; x must not be 0. XOR rather than
 * subtraction (equal for 0..63): the compiler then folds it into one bsr.
 */
static inline unsigned uk_alloc_fls(size_t x)
{
	return (unsigned)(sizeof(size_t) * 8 - 1) ^ (unsigned)__builtin_clzl(x);
}

/* Index of the least significant set bit; x must not be 0. */
static inline unsigned uk_alloc_ffs(size_t x)
{
	return (unsigned)__builtin_ctzl(x);
}

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOC_IMPL_H */
