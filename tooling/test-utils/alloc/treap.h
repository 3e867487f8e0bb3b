/*
 * An address-ordered treap of live blocks, used by the stress test to
 * prove in O(log n) per operation that no two live blocks overlap.
 * Test-only code: hosted, uses malloc from the host's libc.
 */
#ifndef UK_ALLOC_TESTKIT_TREAP_H
#define UK_ALLOC_TESTKIT_TREAP_H

#include <stdint.h>
#include <stdlib.h>

struct tnode {
	uintptr_t start, end; /* [start, end) */
	uint32_t prio;
	struct tnode *l, *r;
};

static uint32_t treap_rand(void)
{
	static uint32_t x = 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static struct tnode *treap_rotate_right(struct tnode *t)
{
	struct tnode *l = t->l;

	t->l = l->r;
	l->r = t;
	return l;
}

static struct tnode *treap_rotate_left(struct tnode *t)
{
	struct tnode *r = t->r;

	t->r = r->l;
	r->l = t;
	return r;
}

static struct tnode *treap_insert(struct tnode *t, struct tnode *n)
{
	if (!t)
		return n;
	if (n->start < t->start) {
		t->l = treap_insert(t->l, n);
		if (t->l->prio > t->prio)
			t = treap_rotate_right(t);
	} else {
		t->r = treap_insert(t->r, n);
		if (t->r->prio > t->prio)
			t = treap_rotate_left(t);
	}
	return t;
}

static struct tnode *treap_remove(struct tnode *t, uintptr_t start, struct tnode **out)
{
	if (!t)
		return t;
	if (start < t->start) {
		t->l = treap_remove(t->l, start, out);
	} else if (start > t->start) {
		t->r = treap_remove(t->r, start, out);
	} else if (!t->l || !t->r) {
		*out = t;
		return t->l ? t->l : t->r;
	} else if (t->l->prio > t->r->prio) {
		t = treap_rotate_right(t);
		t->r = treap_remove(t->r, start, out);
	} else {
		t = treap_rotate_left(t);
		t->l = treap_remove(t->l, start, out);
	}
	return t;
}

/* Any node overlapping [start, end)? (Nodes never overlap each other.) */
static const struct tnode *treap_overlap(const struct tnode *t, uintptr_t start, uintptr_t end)
{
	while (t) {
		if (t->end > start && t->start < end)
			return t;
		t = start < t->start ? t->l : t->r;
	}
	return NULL;
}

#endif
