/*
 * The devices every transport registered, in registration order, and the
 * lookups users make: by index, by mount tag. The list is @uk/bus's
 * uk/devlist.h, shared with the other device classes; this adds what a 9P
 * device must hold to be registered, and its fresh state. A device whose
 * transport has a start operation is brought up by the first lookup that
 * reaches it, not at boot (see uk/9p_impl.h).
 */
#include <uk/plat.h>
#include "core.h"

static struct uk_devlist devices;

static void say(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

int uk_9p_dev_register(struct uk_9p_dev *dev)
{
	if (!dev->ops || !dev->ops->request || !dev->ops->reap ||
	    (!dev->ops->start && (!dev->tag || !dev->tag[0]))) {
		say("[9p] a transport registered a device without operations or a mount tag\n");
		return -UK_9P_EINVAL;
	}
	if (dev->max_msize < 4096) {
		say("[9p] a transport registered a device whose message size is below 4096 bytes\n");
		return -UK_9P_EINVAL;
	}
	if (!uk_devlist_add(&devices, &dev->reg, &dev->index))
		return (int)dev->index; /* registered before: keep its state */
	dev->msize = 0;
	dev->inflight = 0;
	dev->next_fid = 0;
	dev->nfree_fids = 0;
	dev->no_unlinkat = 0;
	dev->no_renameat = 0;
	dev->up = dev->ops->start ? UK_9P_DEV_STARTING : UK_9P_DEV_UP;
	return (int)dev->index;
}

/*
 * Bring dev up if it is not yet: 1 when usable. Threads are cooperative
 * and a transport's start does not wait, so no other thread runs it twice.
 */
static int usable(struct uk_9p_dev *dev)
{
	if (dev->up == UK_9P_DEV_STARTING) {
		dev->up = UK_9P_DEV_BROKEN;
		if (dev->ops->start(dev) == 0) {
			if (dev->tag && dev->tag[0])
				dev->up = UK_9P_DEV_UP;
			else
				say("[9p] a transport started a device without a mount tag\n");
		}
	}
	return dev->up == UK_9P_DEV_UP;
}

unsigned uk_9p_dev_count(void)
{
	return devices.count;
}

struct uk_9p_dev *uk_9p_dev_get(unsigned index)
{
	struct uk_9p_dev *d = uk_devlist_entry(uk_devlist_get(&devices, index), struct uk_9p_dev, reg);

	return d && usable(d) ? d : 0;
}

struct uk_9p_dev *uk_9p_dev_find(const char *tag, size_t len)
{
	for (struct uk_devlist_node *n = devices.head; n; n = n->next) {
		struct uk_9p_dev *d = uk_devlist_entry(n, struct uk_9p_dev, reg);
		size_t i = 0;

		if (!usable(d))
			continue;
		while (i < len && d->tag[i] == tag[i])
			i++;
		if (i == len && !d->tag[i])
			return d;
	}
	return 0;
}

const char *uk_9p_dev_tag(const struct uk_9p_dev *dev)
{
	return dev->tag;
}

const char *uk_9p_dev_aname(const struct uk_9p_dev *dev)
{
	return dev->aname ? dev->aname : "";
}

int uk_9p_dev_readonly(const struct uk_9p_dev *dev)
{
	return dev->readonly;
}

const struct uk_9p_stats *uk_9p_stats(const struct uk_9p_dev *dev)
{
	return &dev->stats;
}

long uk_9p_fid_alloc(struct uk_9p_dev *dev)
{
	if (dev->nfree_fids)
		return dev->free_fids[--dev->nfree_fids];
	if (dev->next_fid == UK_9P_NOFID)
		return -UK_9P_ENOMEM;
	return dev->next_fid++;
}

void uk_9p_fid_free(struct uk_9p_dev *dev, uint32_t fid)
{
	/* With the cache full the number is simply never reused: there are 2^32. */
	if (dev->nfree_fids < UK_9P_FID_CACHE)
		dev->free_fids[dev->nfree_fids++] = fid;
}
