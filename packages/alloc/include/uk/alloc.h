/*
 * The allocator API, as seen by consumers (libc's malloc, drivers, apps).
 *
 * An allocator is a handle (struct uk_alloc *). Several may exist at once;
 * each registers itself when it is created, and at most one is the default
 * (the one behind libc's malloc). Object operations hand out byte-granular
 * blocks aligned to UK_ALLOC_MIN_ALIGN; page operations hand out whole
 * UK_ALLOC_PAGE_SIZE pages aligned to a page.
 *
 * Failure: functions returning a pointer return NULL and set errno to
 * ENOMEM (or EINVAL for a bad alignment) when a libc with errno is linked;
 * uk_posix_memalign returns the error number instead, as POSIX says.
 *
 * Misuse: freeing a pointer twice, or a pointer the allocator never handed
 * out, is detected where the allocator can do so cheaply; it is then
 * reported through the fault hook (see uk_alloc_set_fault_hook) and the
 * call returns without touching the heap.
 *
 * The functions are defined by @uk/alloc-core, which every implementation
 * requires; this header only declares them.
 */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UK_ALLOC_MIN_ALIGN 16
#define UK_ALLOC_PAGE_SHIFT 12
#define UK_ALLOC_PAGE_SIZE ((size_t)1 << UK_ALLOC_PAGE_SHIFT)

/* Error numbers the API reports; they are Linux's, which @uk/libc uses. */
#define UK_ALLOC_ENOMEM 12
#define UK_ALLOC_EINVAL 22
#define UK_ALLOC_EEXIST 17
#define UK_ALLOC_ENOTSUP 95

struct uk_alloc; /* opaque to consumers; see uk/alloc_impl.h */

/* Object operations. size 0 gives a unique, freeable pointer. */
void *uk_malloc(struct uk_alloc *a, size_t size);
void *uk_calloc(struct uk_alloc *a, size_t nmemb, size_t size);
/* p NULL: like uk_malloc. size 0 and p not NULL: frees p, returns NULL. */
void *uk_realloc(struct uk_alloc *a, void *p, size_t size);
void uk_free(struct uk_alloc *a, void *p); /* p NULL: does nothing */
/* align: a power of two. */
void *uk_memalign(struct uk_alloc *a, size_t align, size_t size);
/* align: a power of two multiple of sizeof(void *). Returns 0 or an errno. */
int uk_posix_memalign(struct uk_alloc *a, void **memptr, size_t align, size_t size);
/* Bytes usable at p (at least what was asked for); 0 for NULL. */
size_t uk_alloc_usable_size(struct uk_alloc *a, void *p);

/* Page operations: npages contiguous pages, page-aligned. */
void *uk_palloc(struct uk_alloc *a, size_t npages);
void uk_pfree(struct uk_alloc *a, void *p, size_t npages); /* same npages */

/* Hand the allocator more memory [base, base+len). Returns 0 or -errno. */
int uk_alloc_addmem(struct uk_alloc *a, void *base, size_t len);
/* Free bytes, and the largest single block uk_malloc could return now. */
size_t uk_alloc_availmem(struct uk_alloc *a);
size_t uk_alloc_maxalloc(struct uk_alloc *a);
/* The allocator's name ("tlsf", "buddy", "region"). */
const char *uk_alloc_name(struct uk_alloc *a);

/*
 * Statistics. Counts of failures and faults are always kept; byte and call
 * counts only when @uk/alloc-core is built with its "stats" feature
 * (bytes_tracked tells which).
 */
struct uk_alloc_stats {
	size_t cur_bytes;   /* usable bytes handed out and not yet freed */
	size_t peak_bytes;  /* high-water mark of cur_bytes */
	uint64_t nb_allocs; /* successful object and page allocations */
	uint64_t nb_frees;
	uint64_t nb_enomem; /* allocations that failed for lack of memory */
	uint64_t nb_faults; /* double or foreign frees reported */
	int bytes_tracked;  /* 1 when the four fields above nb_enomem are kept */
};
void uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out);

/* Registry: all allocators created so far, and the default one. */
struct uk_alloc *uk_alloc_default(void);       /* NULL when none */
void uk_alloc_set_default(struct uk_alloc *a); /* a must be registered */
struct uk_alloc *uk_alloc_first(void);
struct uk_alloc *uk_alloc_next(struct uk_alloc *a);
struct uk_alloc *uk_alloc_find(const char *name);

/* Misuse reports. */
enum uk_alloc_fault {
	UK_ALLOC_FAULT_DOUBLE_FREE = 1, /* the block is already free */
	UK_ALLOC_FAULT_FOREIGN = 2,     /* not a block this allocator handed out */
	UK_ALLOC_FAULT_CORRUPT = 3,     /* allocator metadata around it is damaged */
};
typedef void (*uk_alloc_fault_hook)(struct uk_alloc *a, enum uk_alloc_fault fault,
				    const void *p);
/*
 * Install a hook called on every fault (NULL: the built-in one, which writes
 * a line to the console when @uk/plat is linked). Returns the previous hook.
 */
uk_alloc_fault_hook uk_alloc_set_fault_hook(uk_alloc_fault_hook hook);

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOC_H */
