/*
 * alloc-test: exercises every @uk/alloc allocator in the image. The default
 * one boots over the platform's memory; the others are created here, each
 * over a chunk of pages taken from the default allocator, through their
 * uk_alloc_<name>_create entry points. Then every registered allocator runs
 * the API checks, and libc's malloc runs against the default. Last, the
 * __thread variables of this scheduler-free image (tls_checks.c).
 *
 * argv[1], when given, is the name the default allocator must have.
 * Prints one line per check; returns 0 when all pass, 1 otherwise.
 */
#include <string.h>
#include <uk/alloc.h>
#include <uk/alloc_buddy.h>
#include <uk/alloc_region.h>
#include <uk/alloc_tlsf.h>
#include "check.h"

int checks_run, checks_failed;

#define CHUNK_PAGES 256 /* 1 MiB for each allocator that is not the default */

static const struct {
	const char *name;
	struct uk_alloc *(*create)(void *base, size_t len);
	int reuses; /* free gives memory back */
} impls[] = {
	{ "tlsf", uk_alloc_tlsf_create, 1 },
	{ "buddy", uk_alloc_buddy_create, 1 },
	{ "region", uk_alloc_region_create, 0 },
};
#define NIMPLS (sizeof(impls) / sizeof(impls[0]))

static int reuses(struct uk_alloc *a)
{
	for (size_t i = 0; i < NIMPLS; i++)
		if (!strcmp(impls[i].name, uk_alloc_name(a)))
			return impls[i].reuses;
	return 1;
}

int main(int argc, char *argv[])
{
	struct uk_alloc *d = uk_alloc_default(), *a;
	int n = 0;

	CHECK(d != NULL, "a default allocator exists: %s", d ? uk_alloc_name(d) : "none");
	if (!d)
		return 1;
	if (argc > 1)
		CHECK(!strcmp(uk_alloc_name(d), argv[1]), "the default is %s", argv[1]);
	for (size_t i = 0; i < NIMPLS; i++) {
		if (uk_alloc_find(impls[i].name))
			continue;
		void *chunk = uk_palloc(d, CHUNK_PAGES);
		a = chunk ? impls[i].create(chunk, CHUNK_PAGES * UK_ALLOC_PAGE_SIZE) : NULL;
		CHECK(a != NULL && uk_alloc_find(impls[i].name) == a,
		      "%s created over %d pages from %s and registered", impls[i].name, CHUNK_PAGES,
		      uk_alloc_name(d));
	}
	CHECK(uk_alloc_default() == d, "creating others leaves the default alone");
	for (a = uk_alloc_first(); a; a = uk_alloc_next(a))
		n++;
	CHECK(n == (int)NIMPLS, "%d allocators registered", n);
	for (a = uk_alloc_first(); a; a = uk_alloc_next(a))
		api_checks(a, reuses(a));
	libc_checks();
	tls_checks();
	printf("alloc-test: %d checks, %d failed\n", checks_run, checks_failed);
	return checks_failed != 0;
}
