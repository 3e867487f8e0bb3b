/*
 * musl's own code allocates through __libc_malloc and friends (its
 * malloc directory, which also provides them, is not compiled: malloc is
 * @uk/alloc's). They lead to the image's malloc family.
 */
/* musl's internal stdlib.h (src/include) declares them hidden: they stay inside this library. */
#include <stdlib.h>

void *__libc_malloc(size_t n)
{
	return malloc(n);
}

void *__libc_calloc(size_t m, size_t n)
{
	return calloc(m, n);
}

void *__libc_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

void __libc_free(void *p)
{
	free(p);
}
