/*
 * Thread memory: one page-granular allocation per thread from the default
 * @uk/alloc allocator (guard page, stack, thread structure), and a small
 * cache of the allocations of ended threads.
 *
 * Why a cache: turning a guard page on and off through the platform costs
 * a system call each way on linuxu (mprotect), many times what the rest of
 * a thread's creation and join cost together. An ended thread's allocation
 * is therefore kept as it is -- guard page still inaccessible -- and handed
 * to the next thread that needs the same number of pages, which then starts
 * without allocating or touching the page tables. Only allocations no
 * larger than a default-size stack's are kept, at most
 * CONFIG_UK_SCHED_COOP_STACK_CACHE of them, so what the cache can hold is
 * bounded; uk_sched_reclaim() empties it, and so does a thread creation that
 * finds the allocator out of memory, before it gives up.
 */
#include "coop.h"

#ifndef CONFIG_UK_SCHED_COOP_STACK_CACHE
#define CONFIG_UK_SCHED_COOP_STACK_CACHE 8
#endif

struct cached_stack {
	void *mem;
	size_t npages;
};

/* The +1 keeps the array legal when the option turns the cache off. */
static struct cached_stack cache[CONFIG_UK_SCHED_COOP_STACK_CACHE + 1];
static int ncached;

/* Make the allocation accessible again and give it back to the allocator. */
static void release(void *mem, size_t npages)
{
#if CONFIG_UK_SCHED_COOP_STACK_GUARD
	(void)uk_plat_page_guard(mem, 0);
#endif
	uk_pfree(uk_alloc_default(), mem, npages);
}

/* Newest first: the most recently used stack is the likeliest in the CPU cache. */
static void *take_cached(size_t npages)
{
	for (int i = ncached; i-- > 0;) {
		if (cache[i].npages != npages)
			continue;
		void *mem = cache[i].mem;
		cache[i] = cache[--ncached];
		return mem;
	}
	return 0;
}

void *coop_stack_get(size_t npages)
{
	struct uk_alloc *a = uk_alloc_default();
	void *mem = take_cached(npages);

	if (mem)
		return mem;
	if (!a)
		return 0;
	mem = uk_palloc(a, npages);
	if (!mem && ncached) {
		/* Memory the cache holds is better spent on this thread. */
		uk_sched_reclaim();
		mem = uk_palloc(a, npages);
	}
	if (!mem)
		return 0;
#if CONFIG_UK_SCHED_COOP_STACK_GUARD
	/* Without the platform's help (it returns -1) the stack has no guard. */
	(void)uk_plat_page_guard(mem, 1);
#endif
	return mem;
}

void coop_stack_put(void *mem, size_t npages)
{
	if (ncached < CONFIG_UK_SCHED_COOP_STACK_CACHE &&
	    npages <= coop_thread_pages(UK_THREAD_STACK_DEFAULT)) {
		cache[ncached].mem = mem;
		cache[ncached].npages = npages;
		ncached++;
		return;
	}
	release(mem, npages);
}

size_t uk_sched_reclaim(void)
{
	size_t bytes = 0;

	/* Detached threads that ended but were not freed yet go first. */
	coop_reap();
	while (ncached) {
		struct cached_stack c = cache[--ncached];

		release(c.mem, c.npages);
		bytes += c.npages * UK_ALLOC_PAGE_SIZE;
	}
	return bytes;
}
