/*
 * Native test of {{name}}: `uk test` (pnpm test) builds it for the host,
 * linked with the allocator and @uk/alloc-core as uk build compiles them,
 * and runs it. It checks what holds from the generated skeleton on: the
 * allocator is created and registered under its name. Once malloc is
 * written, blocks must be aligned, distinct, writable and freeable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc_{{ident}}.h>

static char heap[1 << 20] __attribute__((aligned(4096)));

#define CHECK(c)                                                        \
	do {                                                            \
		if (!(c)) {                                             \
			fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__,   \
				__LINE__, #c);                          \
			exit(1);                                        \
		}                                                       \
	} while (0)

int main(void)
{
	struct uk_alloc *a = uk_alloc_{{ident}}_create(heap, sizeof(heap));
	void *p, *q;

	CHECK(a != NULL);
	CHECK(strcmp(uk_alloc_name(a), "{{short}}") == 0);
	CHECK(uk_alloc_find("{{short}}") == a);

	p = uk_malloc(a, 100);
	if (!p) {
		printf("malloc: not written yet (returns NULL)\n");
	} else {
		q = uk_malloc(a, 100);
		CHECK(q != NULL);
		CHECK((uintptr_t)p % 16 == 0 && (uintptr_t)q % 16 == 0);
		CHECK((char *)q >= (char *)p + 100 || (char *)p >= (char *)q + 100);
		memset(p, 0xa5, 100);
		memset(q, 0x5a, 100);
		CHECK(((unsigned char *)p)[99] == 0xa5);
		uk_free(a, p);
		uk_free(a, q);
		printf("malloc: 2 blocks allocated and freed\n");
	}
	printf("ok {{name}}\n");
	return 0;
}
