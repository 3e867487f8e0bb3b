/*
 * The C library's allocation functions (malloc, free, ...) over the default
 * allocator. They live here, not in @uk/libc, so that an image gets malloc
 * exactly when it has an allocator: an app that calls malloc adds one
 * (pnpm add @uk/alloc-tlsf) and libc stays allocator-agnostic. errno is set
 * by the uk_* wrappers (see api.c).
 */
#include <uk/alloc.h>

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);
void *aligned_alloc(size_t align, size_t size);
void *memalign(size_t align, size_t size);
int posix_memalign(void **memptr, size_t align, size_t size);

void *malloc(size_t size)
{
	return uk_malloc(uk_alloc_default(), size);
}

void *calloc(size_t nmemb, size_t size)
{
	return uk_calloc(uk_alloc_default(), nmemb, size);
}

void *realloc(void *p, size_t size)
{
	return uk_realloc(uk_alloc_default(), p, size);
}

void free(void *p)
{
	uk_free(uk_alloc_default(), p);
}

/* C11: align must be a power of two (EINVAL otherwise, as glibc does). */
void *aligned_alloc(size_t align, size_t size)
{
	return uk_memalign(uk_alloc_default(), align, size);
}

void *memalign(size_t align, size_t size)
{
	return uk_memalign(uk_alloc_default(), align, size);
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	return uk_posix_memalign(uk_alloc_default(), memptr, align, size);
}
