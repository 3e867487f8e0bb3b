/*
 * virtio-mmio discovery on kvm (-machine microvm, or any loader that passes
 * devices the way Linux expects them).
 *
 * With acpi=off QEMU appends `virtio_mmio.device=SIZE@BASE:IRQ` words to the
 * command line it hands a PVH kernel. They are platform information, not
 * the app's arguments: each one is parsed and cut out of the command line
 * in place, so the booter's argv never holds them. A multiboot kernel gets
 * the command line before QEMU appends them, so when there are none the
 * platform looks at microvm's fixed transport slots itself (0x200 bytes
 * each from 0xfeb00000, IRQ 5 + slot), highest slot first: that is the
 * order QEMU appends them in, which is the order of the -device options.
 */
#include <uk/plat.h>
#include "kvm_bus.h"

#define PREFIX "virtio_mmio.device="
#define MAGIC 0x74726976 /* "virt" */
#define REG_MAGIC 0x000
#define REG_DEVICE_ID 0x008
#define MICROVM_BASE 0xfeb00000ULL
#define MICROVM_SLOT_SIZE 0x200
#define MICROVM_SLOTS 8
#define MICROVM_IRQ_BASE 5

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* A number as Linux's memparse reads it: decimal or 0x hex, optional K/M/G. */
static const char *number(const char *s, uint64_t *out, int suffix)
{
	uint64_t v = 0;
	int base = 10, digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (!digits)
		return 0;
	if (suffix && (*s == 'K' || *s == 'k'))
		v <<= 10, s++;
	else if (suffix && (*s == 'M' || *s == 'm'))
		v <<= 20, s++;
	else if (suffix && (*s == 'G' || *s == 'g'))
		v <<= 30, s++;
	*out = v;
	return s;
}

/* SIZE@BASE:IRQ (Linux also allows a trailing :ID, which is ignored). */
static int parse_entry(const char *s, const char *end, struct uk_bus_mmio *m)
{
	uint64_t size, base, irq;

	if (!(s = number(s, &size, 1)) || *s++ != '@' || !(s = number(s, &base, 1)) ||
	    *s++ != ':' || !(s = number(s, &irq, 0)))
		return -1;
	if ((s != end && *s != ':') || !size || irq > 255)
		return -1;
	m->base = base;
	m->size = size;
	m->irq = (unsigned)irq;
	return 0;
}

static int starts_with(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

static void add(const struct uk_bus_mmio *m)
{
	struct uk_bus_dev *d = kvm_bus_add(UK_BUS_VIRTIO_MMIO);

	if (d)
		d->u.mmio = *m;
}

/*
 * Cut every unquoted virtio_mmio.device= word out of the command line and
 * add its device. Quoted words are the app's (the booter's quoting: "..."
 * with \" and \\ inside) and are copied as they are. Returns the count.
 */
static int mentions_prefix(const char *s)
{
	for (; *s; s++)
		if (starts_with(s, PREFIX))
			return 1;
	return 0;
}

static int from_cmdline(void)
{
	char *start = (char *)uk_plat_cmdline(), *r = start, *w = start;
	int found = 0;

	/* Nothing to cut: leave the loader's string (maybe read-only "") alone. */
	if (!mentions_prefix(start))
		return 0;
	while (*r) {
		char *word;
		int quoted = 0;

		while (is_blank(*r))
			r++;
		word = r;
		while (*r && (quoted || !is_blank(*r))) {
			if (*r == '"')
				quoted = !quoted;
			else if (quoted && *r == '\\' && r[1])
				r++;
			r++;
		}
		if (r == word)
			break;
		if (starts_with(word, PREFIX)) {
			struct uk_bus_mmio m;

			found++;
			if (parse_entry(word + sizeof(PREFIX) - 1, r, &m) == 0) {
				add(&m);
			} else {
				kvm_puts("[uk-bus] ignoring a malformed virtio_mmio.device entry\n");
			}
			continue;
		}
		/* Keep the word, one blank before it unless it comes first. */
		if (w != start)
			*w++ = ' ';
		while (word < r)
			*w++ = *word++;
	}
	*w = '\0';
	return found;
}

static void from_microvm_slots(void)
{
	for (int slot = MICROVM_SLOTS - 1; slot >= 0; slot--) {
		uint64_t base = MICROVM_BASE + (uint64_t)slot * MICROVM_SLOT_SIZE;
		volatile uint32_t *r = (volatile uint32_t *)(uintptr_t)base;
		struct uk_bus_mmio m = { base, MICROVM_SLOT_SIZE, MICROVM_IRQ_BASE + (unsigned)slot };

		if (kvm_pt_map_device(base, MICROVM_SLOT_SIZE) != 0)
			return;
		/* Device ID 0 marks an empty transport. */
		if (r[REG_MAGIC / 4] == MAGIC && r[REG_DEVICE_ID / 4] != 0)
			add(&m);
	}
}

void kvm_mmio_enumerate(void)
{
	if (!from_cmdline())
		from_microvm_slots();
}
