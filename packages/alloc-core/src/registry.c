/*
 * The registry of allocators: every allocator registers itself when it is
 * created, so a single list answers "which allocators exist" and "which one
 * is the default" (the one libc's malloc uses). Registration happens at boot
 * on one CPU, before threads exist, so the list needs no lock.
 */
#include <uk/alloc_impl.h>

static struct uk_alloc *head;
static struct uk_alloc *dflt;

void uk_alloc_register(struct uk_alloc *a)
{
	struct uk_alloc **link = &head;

	while (*link) {
		if (*link == a)
			return; /* registering twice is harmless */
		link = &(*link)->next;
	}
	a->next = (struct uk_alloc *)0;
	*link = a;
	if (!dflt)
		dflt = a;
}

struct uk_alloc *uk_alloc_default(void)
{
	return dflt;
}

void uk_alloc_set_default(struct uk_alloc *a)
{
	uk_alloc_register(a);
	dflt = a;
}

struct uk_alloc *uk_alloc_first(void)
{
	return head;
}

struct uk_alloc *uk_alloc_next(struct uk_alloc *a)
{
	return a->next;
}

static int same_name(const char *x, const char *y)
{
	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x == *y;
}

struct uk_alloc *uk_alloc_find(const char *name)
{
	struct uk_alloc *a;

	for (a = head; a; a = a->next)
		if (same_name(a->name, name))
			return a;
	return (struct uk_alloc *)0;
}
