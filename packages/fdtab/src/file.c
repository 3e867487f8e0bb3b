/*
 * File objects: creation and reference counting. A file made by
 * uk_file_new is freed after its release operation; one the provider
 * embeds (uk_file_init) only gets the release call.
 */
#include <stdlib.h>
#include <uk/file.h>

void uk_file_init(struct uk_file *f, const struct uk_file_ops *ops, void *priv, int flags)
{
	f->ops = ops;
	f->priv = priv;
	f->flags = flags;
	f->refs = 1;
	f->pos = 0;
	f->owned = 0;
}

struct uk_file *uk_file_new(const struct uk_file_ops *ops, void *priv, int flags)
{
	struct uk_file *f = malloc(sizeof(*f));

	if (!f)
		return NULL;
	uk_file_init(f, ops, priv, flags);
	f->owned = 1;
	return f;
}

struct uk_file *uk_file_get(struct uk_file *f)
{
	f->refs++;
	return f;
}

void uk_file_put(struct uk_file *f)
{
	if (--f->refs)
		return;
	if (f->ops->release)
		f->ops->release(f);
	if (f->owned)
		free(f);
}
