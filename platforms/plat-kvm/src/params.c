/*
 * Parameters of a kvm image: a command line that opens with
 * `--uk KEY=VALUE ... --` carries them (`uk run` writes the block; QEMU
 * hands it over in -append). The block is taken off the command line
 * before anyone reads it -- the booter's argv starts after the `--` -- and
 * its entries are kept for uk_plat_param(). Every key must have a dot
 * (library parameters: net.ip, vfs.mount.0, ...): devices on kvm come from
 * the machine, so this platform has no keys of its own, and a key without
 * a dot is a mistake that would otherwise be ignored silently, so it stops
 * boot (UK_EXIT_INIT_FAILED) with a message naming it.
 *
 * Words are quoted as the booter unquotes them ("..." with \" and \\), so
 * a value may hold blanks. Each entry is unquoted in place, inside the
 * block, which nothing else reads afterwards (virtio-mmio discovery edits
 * only the rest of the string): no copy, no buffer to size.
 */
#include <uk/exit.h>
#include <uk/plat.h>
#include "kvm.h"

#define PARAMS_MAX 64

static const char *params[PARAMS_MAX];
static int nparams;

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

__attribute__((noreturn)) static void fail(const char *what, const char *word)
{
	kvm_puts("[uk-kvm] ");
	kvm_puts(what);
	if (word) {
		kvm_puts(": '");
		kvm_puts(word);
		kvm_puts("'");
	}
	kvm_puts("; image parameters are --uk key.name=VALUE ... -- before the app's arguments\n");
	uk_plat_exit(UK_EXIT_INIT_FAILED);
}

/*
 * Unquote the word at s in place and terminate it; *end gets where the
 * next word may start. *quoted tells whether any of it was quoted (a
 * quoted "--" is a value, not the end of the block).
 */
static char *take_word(char *s, char **end, int *quoted)
{
	char *w = s, *r = s;
	int q = 0;

	*quoted = 0;
	while (*r && (q || !is_blank(*r))) {
		char c = *r++;

		if (c == '"') {
			q = !q;
			*quoted = 1;
			continue;
		}
		if (q && c == '\\' && (*r == '"' || *r == '\\'))
			c = *r++;
		*w++ = c;
	}
	*end = *r ? r + 1 : r; /* past the blank, which the terminator may take */
	*w = '\0';
	return s;
}

static int has_dot_key(const char *w)
{
	for (; *w && *w != '='; w++)
		if (*w == '.')
			return 1;
	return 0;
}

static int valid_entry(const char *w)
{
	const char *eq = w;

	while (*eq && *eq != '=')
		eq++;
	return *eq == '=' && eq != w;
}

void kvm_params_init(void)
{
	char *s = (char *)uk_plat_cmdline();

	while (is_blank(*s))
		s++;
	if (!(s[0] == '-' && s[1] == '-' && s[2] == 'u' && s[3] == 'k' && (!s[4] || is_blank(s[4]))))
		return;
	s += 4;
	for (;;) {
		char *w;
		int quoted;

		while (is_blank(*s))
			s++;
		if (!*s)
			fail("--uk without the -- that ends the image parameters", 0);
		w = take_word(s, &s, &quoted);
		if (!quoted && w[0] == '-' && w[1] == '-' && !w[2])
			break;
		if (!valid_entry(w))
			fail("an image parameter is not KEY=VALUE", w);
		if (!has_dot_key(w))
			fail("unknown platform parameter (library parameters have a dot in their key)", w);
		if (nparams == PARAMS_MAX)
			fail("too many image parameters", w);
		params[nparams++] = w;
	}
	while (is_blank(*s))
		s++;
	kvm_set_cmdline(s);
}

const char *uk_plat_param(const char *key)
{
	for (int i = nparams; i-- > 0;) {
		const char *p = params[i], *k = key;

		while (*k && *p == *k)
			p++, k++;
		if (!*k && *p == '=')
			return p + 1;
	}
	return 0;
}
