/*
 * Misuse reports (double free, free of a foreign pointer): counted on the
 * allocator and passed to a hook. The built-in hook writes one line to the
 * console; it reaches the console through a weak reference so this file
 * also links into host test programs that have no platform.
 */
#include <uk/alloc_impl.h>

extern void uk_plat_console_write(const char *buf, size_t len) __attribute__((weak));

static void put(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	uk_plat_console_write(s, n);
}

static void put_hex(uintptr_t v)
{
	char buf[2 + 2 * sizeof(v)];
	unsigned i;

	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < 2 * sizeof(v); i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (4 * (2 * sizeof(v) - 1 - i))) & 0xf];
	uk_plat_console_write(buf, sizeof(buf));
}

static void console_hook(struct uk_alloc *a, enum uk_alloc_fault fault, const void *p)
{
	static const char *const what[] = {
		"?", "double free", "free of a foreign pointer", "corrupted heap metadata",
	};

	if (!uk_plat_console_write)
		return;
	put("uk_alloc: ");
	put(a && a->name ? a->name : "?");
	put(": ");
	put(what[(unsigned)fault < 4 ? (unsigned)fault : 0]);
	put(" at ");
	put_hex((uintptr_t)p);
	put(", ignored\n");
}

static uk_alloc_fault_hook hook = console_hook;

uk_alloc_fault_hook uk_alloc_set_fault_hook(uk_alloc_fault_hook h)
{
	uk_alloc_fault_hook old = hook;

	hook = h ? h : console_hook;
	return old;
}

void uk_alloc_fault(struct uk_alloc *a, enum uk_alloc_fault fault, const void *p)
{
	if (a)
		a->stats.nb_faults++;
	hook(a, fault, p);
}
