/*
 * Split virtqueues (virtio 1.x, 2.7): a descriptor table, the available
 * ring the driver fills and the used ring the device fills, in one
 * page-aligned block from the default allocator. Free descriptors are
 * chained through their next fields; each chain's head indexes the token
 * the driver gets back. Notifications are suppressed both ways: the device
 * is only notified when it asks (used-ring flag, or avail_event with
 * VIRTIO_F_EVENT_IDX), and asks the driver for interrupts through the
 * available-ring flag or used_event.
 */
#include <uk/alloc.h>
#include <uk/plat.h>
#include "virtio_impl.h"

#define PAGE 4096

static size_t ring_bytes(unsigned n, size_t *avail_off, size_t *used_off)
{
	*avail_off = 16 * (size_t)n;
	/* avail: flags, idx, ring[n], used_event; used is 4-byte aligned. */
	*used_off = (*avail_off + 6 + 2 * (size_t)n + 3) & ~(size_t)3;
	return *used_off + 6 + 8 * (size_t)n;
}

static volatile uint16_t *used_event(struct uk_virtqueue *vq)
{
	return &vq->avail->ring[vq->size];
}

static volatile uint16_t *avail_event(struct uk_virtqueue *vq)
{
	return (volatile uint16_t *)&vq->used->ring[vq->size];
}

int uk_virtqueue_setup(struct uk_virtio_dev *vd, unsigned index, unsigned max_size,
		       struct uk_virtqueue **out)
{
	struct uk_alloc *a = uk_alloc_default();
	unsigned n, dev_max;
	size_t avail_off, used_off, pages;
	struct uk_virtqueue *vq;
	uint8_t *mem;
	int rc;

	if (index >= VIRTIO_MAX_QUEUES || vd->vqs[index] || !vd->features)
		return -UK_VIRTIO_EINVAL; /* out of range, twice, or before negotiation */
	dev_max = vd->t->queue_max(vd, index);
	if (!dev_max)
		return -UK_VIRTIO_ENODEV;
	n = max_size < dev_max ? max_size : dev_max;
	if (n > 32768)
		n = 32768;
	while (n & (n - 1))
		n &= n - 1; /* a power of two, as split rings need */
	if (!n)
		return -UK_VIRTIO_EINVAL;
	if (!a)
		return -UK_VIRTIO_ENOMEM;
	pages = (ring_bytes(n, &avail_off, &used_off) + PAGE - 1) / PAGE;
	mem = uk_palloc(a, pages);
	vq = uk_calloc(a, 1, sizeof(*vq) + n * sizeof(void *));
	if (!mem || !vq) {
		if (mem)
			uk_pfree(a, mem, pages);
		uk_free(a, vq);
		return -UK_VIRTIO_ENOMEM;
	}
	/* volatile: a plain loop would become a call to memset, which may not be linked. */
	for (size_t i = 0; i < pages * PAGE / 8; i++)
		((volatile uint64_t *)mem)[i] = 0;
	vq->vd = vd;
	vq->index = index;
	vq->size = n;
	vq->mem = mem;
	vq->pages = pages;
	vq->desc = (struct vring_desc *)mem;
	vq->avail = (volatile struct vring_avail *)(mem + avail_off);
	vq->used = (volatile struct vring_used *)(mem + used_off);
	vq->event_idx = !!(vd->features & UK_VIRTIO_BIT(UK_VIRTIO_F_EVENT_IDX));
	vq->intr_on = 1;
	vq->num_free = n;
	for (unsigned i = 0; i < n; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	rc = vd->t->queue_enable(vd, vq);
	if (rc < 0) {
		uk_pfree(a, mem, pages);
		uk_free(a, vq);
		return rc;
	}
	vd->vqs[index] = vq;
	*out = vq;
	return 0;
}

int uk_virtqueue_add(struct uk_virtqueue *vq, const struct uk_virtio_sg *sg,
		     unsigned n_out, unsigned n_in, void *token)
{
	unsigned n = n_out + n_in;
	uint16_t head = vq->free_head, i = head;

	if (!n || !token)
		return -UK_VIRTIO_EINVAL;
	if (n > vq->num_free)
		return -UK_VIRTIO_ENOSPC;
	for (unsigned k = 0; k < n; k++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = (uintptr_t)sg[k].addr; /* guest-physical == virtual */
		d->len = sg[k].len;
		d->flags = (uint16_t)((k >= n_out ? VRING_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VRING_DESC_F_NEXT : 0));
		i = d->next;
	}
	vq->free_head = i;
	vq->num_free -= n;
	vq->tokens[head] = token;
	vq->avail->ring[vq->avail_idx & (vq->size - 1)] = head;
	vq->avail_idx++;
	/* Descriptors and the ring entry before the index that publishes them. */
	virtio_compiler_barrier();
	vq->avail->idx = vq->avail_idx;
	return 0;
}

/* Did the device ask to be notified when the index moved from old to new? */
static int need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

/* Did the device ask for a notification for the entries from old to new_idx? */
static int device_wants_kick(struct uk_virtqueue *vq, uint16_t new_idx, uint16_t old)
{
	if (vq->event_idx)
		return need_event(*avail_event(vq), new_idx, old);
	return !(vq->used->flags & VRING_USED_F_NO_NOTIFY);
}

int uk_virtqueue_kick(struct uk_virtqueue *vq)
{
	uint16_t old = vq->kicked_idx, new_idx = vq->avail_idx;
	int notify;

	if (old == new_idx)
		return 0;
	vq->kicked_idx = new_idx;
	/* The published index must be visible before we read the device's wish. */
	virtio_mb();
	notify = device_wants_kick(vq, new_idx, old);
	if (!notify) {
		/* Skipped only on what the device sees too (uk_plat_host_fence). */
		uk_plat_host_fence();
		notify = device_wants_kick(vq, new_idx, old);
	}
	if (notify)
		vq->vd->t->notify(vq->vd, vq);
	return notify;
}

void uk_virtqueue_notify(struct uk_virtqueue *vq)
{
	vq->kicked_idx = vq->avail_idx;
	virtio_mb();
	vq->vd->t->notify(vq->vd, vq);
}

int uk_virtqueue_has_used(struct uk_virtqueue *vq)
{
	return vq->used->idx != vq->last_used;
}

void *uk_virtqueue_get(struct uk_virtqueue *vq, uint32_t *len)
{
	uint16_t slot;
	uint32_t id, d, count = 1;
	void *token;

	if (vq->used->idx == vq->last_used)
		return 0;
	/* The entry is read after the index (x86 keeps loads in order). */
	virtio_compiler_barrier();
	slot = vq->last_used & (vq->size - 1);
	id = vq->used->ring[slot].id;
	if (len)
		*len = vq->used->ring[slot].len;
	vq->last_used++;
	if (id >= vq->size || !vq->tokens[id]) {
		virtio_msg(vq->vd, "the device returned a descriptor it was never given", 0);
		uk_virtio_fail(vq->vd);
		return 0;
	}
	token = vq->tokens[id];
	vq->tokens[id] = 0;
	/* Give the chain back to the free list: its tail points at the old head. */
	for (d = id; vq->desc[d].flags & VRING_DESC_F_NEXT; d = vq->desc[d].next)
		count++;
	vq->desc[d].next = vq->free_head;
	vq->free_head = (uint16_t)id;
	vq->num_free += count;
	/* With EVENT_IDX, ask for an interrupt at the next completion. */
	if (vq->event_idx && vq->intr_on)
		*used_event(vq) = vq->last_used;
	return token;
}

void uk_virtqueue_intr_disable(struct uk_virtqueue *vq)
{
	vq->intr_on = 0;
	vq->avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
	/* With EVENT_IDX the flag is ignored: an event just behind us is 65535 away. */
	if (vq->event_idx)
		*used_event(vq) = (uint16_t)(vq->last_used - 1);
}

int uk_virtqueue_intr_enable(struct uk_virtqueue *vq)
{
	vq->intr_on = 1;
	vq->avail->flags = 0;
	if (vq->event_idx)
		*used_event(vq) = vq->last_used;
	/* Our wish must be visible before we look for what arrived meanwhile. */
	virtio_mb();
	if (vq->used->idx != vq->last_used)
		return 1;
	/* The caller sleeps on this answer: make it hold for the device too (uk_plat_host_fence). */
	uk_plat_host_fence();
	return vq->used->idx != vq->last_used;
}

unsigned uk_virtqueue_size(const struct uk_virtqueue *vq)
{
	return vq->size;
}

unsigned uk_virtqueue_free(const struct uk_virtqueue *vq)
{
	return vq->num_free;
}

unsigned uk_virtqueue_index(const struct uk_virtqueue *vq)
{
	return vq->index;
}
