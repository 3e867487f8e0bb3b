/*
 * The `gather` mode of udp-echo: each UDP answer leaves as a chain of two
 * netbufs -- its first bytes copied into a small header buffer, the rest
 * left where it arrived -- the shape a stack's transmit takes (headers in
 * one buffer, payload in another). A driver must send the pieces as one
 * frame; the header buffer's release gives back the whole chain, as the
 * API asks of a chain's owner.
 */
#include <string.h>
#include "gather.h"

#define HDR_BUFS 64
#define HDR_ROOM 64 /* the most bytes a header piece holds */

struct hdrbuf {
	struct uk_netbuf nb;
	struct hdrbuf *next_free;
	unsigned char mem[UK_NETBUF_HEADROOM_MIN + HDR_ROOM];
};

static struct hdrbuf bufs[HDR_BUFS];
static struct hdrbuf *free_list;
static int ready;

static void release_chain(struct uk_netbuf *nb)
{
	struct hdrbuf *h = nb->priv;
	struct uk_netbuf *rest = nb->next;

	nb->next = 0;
	h->next_free = free_list;
	free_list = h;
	if (rest)
		uk_netbuf_release(rest);
}

struct uk_netbuf *gather_split(struct uk_netbuf *nb, unsigned head)
{
	struct hdrbuf *h;

	if (!ready) {
		for (unsigned i = HDR_BUFS; i--;) {
			bufs[i].next_free = free_list;
			free_list = &bufs[i];
		}
		ready = 1;
	}
	if (head > HDR_ROOM || nb->len <= head || !free_list)
		return nb;
	h = free_list;
	free_list = h->next_free;
	uk_netbuf_init(&h->nb, h->mem, sizeof(h->mem), UK_NETBUF_HEADROOM_MIN, release_chain, h);
	memcpy(h->nb.data, nb->data, head);
	h->nb.len = head;
	/* The packet's offload request goes with its head (offsets count from the packet's start). */
	h->nb.flags = nb->flags;
	h->nb.csum_start = nb->csum_start;
	h->nb.csum_offset = nb->csum_offset;
	nb->flags = 0;
	uk_netbuf_pull(nb, head);
	h->nb.next = nb;
	return &h->nb;
}
