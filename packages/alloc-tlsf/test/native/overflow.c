/*
 * A write just past a TLSF block's usable bytes lands in the next block's
 * prev_phys word, whose being non-NULL is what says "the block before me
 * is free". free() must not merge on the strength of such a word alone: a
 * successor that claims a used block is free, or a claimed free
 * predecessor that is not free or does not end at the block, is reported
 * as corruption and the heap is left as it was. Prints "OK tlsf overflow".
 */
#include <stdio.h>
#include <string.h>

#include <uk/alloc_impl.h>
#include <uk/alloc_tlsf.h>

#define HDR 16 /* bytes of a block before its payload (tlsf.c) */

static unsigned corrupt, other;
static int failed;

static void hook(struct uk_alloc *a, enum uk_alloc_fault fault, const void *p)
{
	(void)a;
	(void)p;
	if (fault == UK_ALLOC_FAULT_CORRUPT)
		corrupt++;
	else
		other++;
}

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("FAIL %s\n", what);
		failed = 1;
	}
}

static char heap[1 << 20] __attribute__((aligned(64)));

int main(void)
{
	struct uk_alloc *a = uk_alloc_tlsf_create(heap, sizeof(heap));
	char *p, *q, *lo, *hi, *freed, *guard, *word;
	void *saved, *bad[3];
	size_t avail;
	unsigned i;

	uk_alloc_set_fault_hook(hook);
	avail = uk_alloc_availmem(a);
	p = uk_malloc(a, 64);
	q = uk_malloc(a, 64);
	freed = uk_malloc(a, 64);
	guard = uk_malloc(a, 64); /* keeps freed from merging with the rest */
	check(p && q && freed && guard, "four allocations");
	lo = p < q ? p : q;
	hi = p < q ? q : p;
	check(lo + uk_alloc_usable_size(a, lo) + HDR == hi, "the two blocks are neighbours");
	uk_free(a, freed);
	word = lo + uk_alloc_usable_size(a, lo); /* hi's prev_phys */
	memcpy(&saved, word, sizeof(saved));
	check(saved == NULL, "a used predecessor leaves prev_phys NULL");

	/* A wild pointer, the used block itself, a free block elsewhere. */
	bad[0] = (void *)(uintptr_t)0x123450;
	bad[1] = lo - HDR;
	bad[2] = freed - HDR;
	for (i = 0; i < 3; i++) {
		memcpy(word, &bad[i], sizeof(bad[i]));
		corrupt = 0;
		uk_free(a, hi); /* its predecessor "is free" */
		uk_free(a, lo); /* its successor says it is free already */
		check(corrupt == 2, "both frees report corruption");
		memcpy(word, &saved, sizeof(saved));
		check(uk_alloc_usable_size(a, lo) >= 64 && uk_alloc_usable_size(a, hi) >= 64,
		      "both blocks are still live");
	}
	check(other == 0, "no other fault reported");
	corrupt = 0;

	/* Repaired, everything frees and merges back into one block. */
	uk_free(a, lo);
	uk_free(a, hi);
	uk_free(a, guard);
	check(uk_alloc_availmem(a) == avail, "availmem is back to its value after create");
	check(corrupt == 0 && other == 0, "the repaired heap frees without faults");
	if (failed)
		return 1;
	printf("OK tlsf overflow\n");
	return 0;
}
