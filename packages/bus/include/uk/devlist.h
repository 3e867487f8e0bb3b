/*
 * The registry of one class of devices (network links, disks...): drivers
 * add each device they find at boot, and the order of addition is the
 * device number consumers see (0 is the first). Every class core keeps one
 * struct uk_devlist and embeds a struct uk_devlist_node in its device
 * handle, so the list is written once for all of them. Registration
 * happens at boot on one CPU before threads exist, so the list needs no
 * lock. Header-only: no symbol, nothing linked unless used.
 */
#ifndef UK_DEVLIST_H
#define UK_DEVLIST_H

#include <stddef.h>

struct uk_devlist_node {
	struct uk_devlist_node *next; /* in the order of addition */
};

struct uk_devlist {
	struct uk_devlist_node *head;
	unsigned count;
};

/*
 * Adds node as the next device number unless it is in the list already
 * (registering twice is harmless); either way *number is its device number.
 * Returns 1 when it was added (the caller then sets up its fresh state).
 */
static inline int uk_devlist_add(struct uk_devlist *list, struct uk_devlist_node *node, unsigned *number)
{
	struct uk_devlist_node **link = &list->head;
	unsigned i = 0;

	for (; *link; link = &(*link)->next, i++) {
		if (*link == node) {
			*number = i;
			return 0;
		}
	}
	node->next = NULL;
	*link = node;
	*number = list->count++;
	return 1;
}

/* The node with device number index, or NULL. */
static inline struct uk_devlist_node *uk_devlist_get(const struct uk_devlist *list, unsigned index)
{
	struct uk_devlist_node *n = list->head;

	while (n && index--)
		n = n->next;
	return n;
}

/* The device handle of type `type` holding node as its member `member`; NULL for NULL. */
#define uk_devlist_entry(node, type, member) \
	((type *)uk_devlist_container_((node), offsetof(type, member)))

static inline void *uk_devlist_container_(struct uk_devlist_node *node, size_t offset)
{
	return node ? (void *)((char *)node - offset) : NULL;
}

#endif /* UK_DEVLIST_H */
