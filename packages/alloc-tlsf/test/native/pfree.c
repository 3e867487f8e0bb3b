/*
 * uk_pfree on TLSF given something palloc did not return for that many
 * pages: a live object, a live page block with a larger page count, a
 * pointer outside the heap, a second free. Each is reported (foreign, or
 * double for the second free) and leaves the block as it was; only the
 * matching pfree releases it. Prints "OK tlsf pfree".
 */
#include <stdio.h>

#include <uk/alloc_impl.h>
#include <uk/alloc_tlsf.h>

static unsigned faults[4];
static int failed;

static void hook(struct uk_alloc *a, enum uk_alloc_fault fault, const void *p)
{
	(void)a;
	(void)p;
	if ((unsigned)fault < 4)
		faults[fault]++;
}

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "FAIL %s\n", what);
		failed = 1;
	}
}

static char heap[1 << 22] __attribute__((aligned(4096)));
static char outside[4096] __attribute__((aligned(4096))); /* never given to the allocator */

int main(void)
{
	struct uk_alloc *a = uk_alloc_tlsf_create(heap, sizeof(heap));
	char *obj, *pages;
	size_t avail;

	check(a != NULL, "create");
	if (!a)
		return 1;
	uk_alloc_set_fault_hook(hook);
	obj = uk_malloc(a, 3000);
	pages = uk_palloc(a, 2);
	check(obj && pages, "allocate");
	avail = uk_alloc_availmem(a);

	uk_pfree(a, obj, 1);
	check(faults[UK_ALLOC_FAULT_FOREIGN] == 1 && faults[UK_ALLOC_FAULT_DOUBLE_FREE] == 0,
	      "pfree of a live object is a foreign free");
	check(uk_alloc_usable_size(a, obj) >= 3000, "the object is still live");

	uk_pfree(a, pages, 3);
	check(faults[UK_ALLOC_FAULT_FOREIGN] == 2, "pfree of more pages than allocated is a foreign free");
	check(uk_alloc_usable_size(a, pages) >= 2 * UK_ALLOC_PAGE_SIZE, "the pages are still live");

	uk_pfree(a, outside, 1);
	check(faults[UK_ALLOC_FAULT_FOREIGN] == 3, "pfree outside the heap is a foreign free");
	check(uk_alloc_availmem(a) == avail, "misuse changed availmem");

	uk_pfree(a, pages, 2);
	check(uk_alloc_usable_size(a, pages) == 0, "the matching pfree releases the pages");
	uk_pfree(a, pages, 2);
	check(faults[UK_ALLOC_FAULT_DOUBLE_FREE] == 1 && faults[UK_ALLOC_FAULT_FOREIGN] == 3,
	      "a second pfree is a double free");
	uk_free(a, obj);
	check(faults[UK_ALLOC_FAULT_DOUBLE_FREE] == 1 && faults[UK_ALLOC_FAULT_FOREIGN] == 3,
	      "the object is freed normally");

	if (failed)
		return 1;
	puts("OK tlsf pfree");
	return 0;
}
