/*
 * libc's malloc family is @uk/alloc-core's, over the default allocator:
 * what it hands out shows in the default allocator's statistics, errno is
 * libc's errno, and libc functions that allocate (strdup) use it too.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include "check.h"

void libc_checks(void)
{
	struct uk_alloc *d = uk_alloc_default();
	struct uk_alloc_stats s0, s1, s2;
	char *p, *q;
	void *r = NULL;

	printf("== libc malloc over the default allocator (%s)\n", uk_alloc_name(d));
	uk_alloc_stats_get(d, &s0);
	p = malloc(1000);
	q = strdup("from strdup");
	uk_alloc_stats_get(d, &s1);
	CHECK(p && q && strcmp(q, "from strdup") == 0, "libc: malloc(1000) and strdup");
	if (s1.bytes_tracked)
		CHECK(s1.nb_allocs == s0.nb_allocs + 2 && s1.cur_bytes >= s0.cur_bytes + 1000 + 12,
		      "libc: both counted by %s's stats (+%zu bytes)", uk_alloc_name(d), s1.cur_bytes - s0.cur_bytes);
	CHECK(uk_alloc_usable_size(d, p) >= 1000, "libc: malloc's block belongs to %s", uk_alloc_name(d));
	p = realloc(p, 20000);
	CHECK(p != NULL, "libc: realloc to 20000");
	free(p);
	free(q);
	p = calloc(10, 10);
	CHECK(p && p[0] == 0 && p[99] == 0, "libc: calloc zeroed");
	free(p);
	p = aligned_alloc(256, 256);
	CHECK(p && ((uintptr_t)p & 255) == 0, "libc: aligned_alloc(256)");
	free(p);
	CHECK(posix_memalign(&r, 64, 10) == 0 && ((uintptr_t)r & 63) == 0, "libc: posix_memalign(64)");
	free(r);
	uk_alloc_stats_get(d, &s2);
	if (s2.bytes_tracked)
		CHECK(s2.cur_bytes == s0.cur_bytes && s2.nb_allocs - s0.nb_allocs == s2.nb_frees - s0.nb_frees,
		      "libc: every block freed back to %s", uk_alloc_name(d));
	errno = 0;
	CHECK(malloc(SIZE_MAX) == NULL && errno == ENOMEM, "libc: malloc(SIZE_MAX) -> NULL, errno ENOMEM");
	errno = 0;
	CHECK(aligned_alloc(24, 10) == NULL && errno == EINVAL, "libc: aligned_alloc(24) -> NULL, errno EINVAL");
	CHECK(posix_memalign(&r, 3, 10) == EINVAL, "libc: posix_memalign(3) -> EINVAL");
}
