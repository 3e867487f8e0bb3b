/*
 * Host test of uk_alloc_carve_state (uk/alloc_impl.h), the prologue of every
 * allocator's create function: where the state lands, what is left for the
 * heap, and that a region too small, or one that wraps around the address
 * space, is refused rather than half used. Prints "OK carve".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <uk/alloc_impl.h>

#define CHECK(c)                                                              \
	do {                                                                  \
		if (!(c)) {                                                   \
			fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #c); \
			exit(1);                                              \
		}                                                             \
	} while (0)

/* Only addresses are computed: nothing is ever written through them. */
static void *at(uintptr_t x)
{
	return (void *)x;
}

int main(void)
{
	void *rest = at(1);
	size_t rest_len = 1;
	uintptr_t top = UINTPTR_MAX - 0xff; /* 256 bytes below the end of the address space */

	/* Aligned base: the state at base, the heap right after it. */
	CHECK(uk_alloc_carve_state(at(0x1000), 0x1000, 64, 200, &rest, &rest_len) == at(0x1000));
	CHECK(rest == at(0x1000 + 200) && rest_len == 0x1000 - 200);

	/* Unaligned base: the skipped bytes count against len. */
	CHECK(uk_alloc_carve_state(at(0x1008), 0x1000, 64, 200, &rest, &rest_len) == at(0x1040));
	CHECK(rest == at(0x1040 + 200) && rest_len == 0x1000 - 0x38 - 200);

	/* Exactly the state: it fits, with nothing left (addmem judges that). */
	CHECK(uk_alloc_carve_state(at(0x1008), 0x38 + 200, 64, 200, &rest, &rest_len) == at(0x1040));
	CHECK(rest == at(0x1040 + 200) && rest_len == 0);

	/* One byte short, or len not even reaching the aligned start: refused, outputs untouched. */
	rest = at(1);
	rest_len = 1;
	CHECK(uk_alloc_carve_state(at(0x1008), 0x38 + 199, 64, 200, &rest, &rest_len) == NULL);
	CHECK(uk_alloc_carve_state(at(0x1008), 0x10, 64, 200, &rest, &rest_len) == NULL);
	CHECK(uk_alloc_carve_state(at(0x1008), 0, 16, 0, &rest, &rest_len) == NULL);
	CHECK(rest == at(1) && rest_len == 1);

	/* A range that wraps past the top of the address space... */
	CHECK(uk_alloc_carve_state(at(top), 0x1000, 16, 64, &rest, &rest_len) == NULL);
	/* ...or whose aligned start would: refused, whatever len claims. */
	CHECK(uk_alloc_carve_state(at(UINTPTR_MAX - 8), SIZE_MAX / 2, 64, 64, &rest, &rest_len) == NULL);
	CHECK(rest == at(1) && rest_len == 1);
	/* Up to the last byte of the address space is fine (one more wraps: refused above). */
	CHECK(uk_alloc_carve_state(at(top), 0xff, 16, 64, &rest, &rest_len) == at(top));
	CHECK(rest == at(top + 64) && rest_len == 0xff - 64);

	puts("OK carve");
	return 0;
}
