/*
 * The app's packet buffers: a static pool, so the echo path allocates
 * nothing. Each netbuf's release puts it back on the free list; received
 * packets are answered in the buffer they arrived in, so a buffer goes
 * device -> app -> device -> pool.
 */
#include "pool.h"

struct slot {
	struct uk_netbuf nb;
	struct slot *next_free;
	unsigned char mem[POOL_BUF_SIZE] __attribute__((aligned(64)));
};

static struct slot slots[POOL_BUFS];
static struct slot *free_list;
static unsigned nfree;

static void give_back(struct uk_netbuf *nb)
{
	struct slot *s = nb->priv;

	s->next_free = free_list;
	free_list = s;
	nfree++;
}

void pool_init(void)
{
	for (unsigned i = POOL_BUFS; i--;) {
		slots[i].next_free = free_list;
		free_list = &slots[i];
	}
	nfree = POOL_BUFS;
}

unsigned pool_alloc(void *arg, struct uk_netbuf **out, unsigned n)
{
	unsigned i;

	(void)arg;
	for (i = 0; i < n && free_list; i++) {
		struct slot *s = free_list;

		free_list = s->next_free;
		nfree--;
		uk_netbuf_init(&s->nb, s->mem, POOL_BUF_SIZE, POOL_HEADROOM, give_back, s);
		out[i] = &s->nb;
	}
	return i;
}

unsigned pool_free_count(void)
{
	return nfree;
}
