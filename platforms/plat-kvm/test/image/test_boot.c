/*
 * Test-only stand-in for @uk/booter: the plat-kvm tests build it as a
 * library implementing @uk/boot, in place of the real booter, to exercise
 * the platform API from inside a VM. The
 * command line picks what to do: "exit=N" sets the exit code, "crash=wx",
 * "crash=null", "crash=stack", "crash=ud" trigger an exception, "time"
 * exercises the lazy TSC calibration, "initrd" prints the initial RAM
 * disk's length and FNV-1a hash. The image parameters net.ip and x.y
 * (from a leading --uk ... -- block) are printed when given.
 */
#include <stddef.h>
#include <stdint.h>
#include <uk/plat.h>
#include <uk/boot.h>

/* The crash cases below are deliberate. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
#pragma GCC diagnostic ignored "-Warray-bounds"

/* gcc may emit calls to these; a real image gets them from its libc. */
void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;

	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	uk_plat_console_write(s, slen(s));
}

static void putu(uint64_t v, int base)
{
	char b[24];
	int i = 23;

	b[i] = '\0';
	do {
		b[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	put(b + i);
}

/* Does the command line contain word (exactly, or as "word=...")? */
static const char *arg(const char *cl, const char *word)
{
	size_t n = slen(word);

	while (*cl) {
		while (*cl == ' ')
			cl++;
		size_t i = 0;
		while (i < n && cl[i] == word[i])
			i++;
		if (i == n && (cl[n] == ' ' || cl[n] == '\0' || cl[n] == '='))
			return cl[n] == '=' ? cl + n + 1 : cl + n;
		while (*cl && *cl != ' ')
			cl++;
	}
	return NULL;
}

static int recurse(int depth)
{
	volatile char buf[256];

	buf[0] = (char)depth;
	return recurse(depth + 1) + buf[0];
}

/* The rest of @uk/boot: this stand-in has no main to run nor hooks to call. */
void uk_boot_set_main_runner(uk_boot_main_runner runner)
{
	(void)runner;
}

__attribute__((noreturn)) void uk_boot_shutdown(int code)
{
	uk_plat_exit(code);
}

__attribute__((noreturn)) void uk_boot_start(void)
{
	uint64_t start = uk_plat_cycles();
	const char *cl = uk_plat_cmdline();
	const char *a;
	int code = 0;

	put("plat-kvm test: hello\n");
	put("cmdline=[");
	put(cl);
	put("]\n");
	/* A static table: an array built on the stack could use SSE, which early KVM boot may not run. */
	static const char *const keys[] = { "net.ip", "x.y", "net", 0 };
	for (const char *const *k = keys; *k; k++) {
		if (!(a = uk_plat_param(*k)))
			continue;
		put("param ");
		put(*k);
		put("=[");
		put(a);
		put("]\n");
	}

	put("regions=");
	putu((uint64_t)uk_plat_memregion_count(), 10);
	put("\n");
	for (int i = 0; i < uk_plat_memregion_count(); i++) {
		struct uk_plat_memregion r;

		uk_plat_memregion_get(i, &r);
		put("region 0x");
		putu(r.base, 16);
		put(" 0x");
		putu(r.len, 16);
		put(r.kind == UK_PLAT_MEM_FREE ? " free\n" :
		    r.kind == UK_PLAT_MEM_IMAGE ? " image\n" : " reserved\n");
	}

	if (arg(cl, "time")) {
		uint64_t t0 = uk_plat_monotonic_ns();
		uint64_t t1 = uk_plat_monotonic_ns();

		put("entry-to-boot-ns=");
		putu(uk_plat_cycles_to_ns(start - uk_plat_entry_cycles()), 10);
		put("\nmonotonic-ok=");
		put(t1 >= t0 && t0 > 0 ? "1\n" : "0\n");
		put("ns-per-gcycle=");
		putu(uk_plat_cycles_to_ns(1000000000ULL), 10);
		put("\ncalibrate-ns=");
		putu(t1 - t0, 10);
		put("\n");
	}

	if (arg(cl, "initrd")) {
		const void *base;
		size_t len;

		if (uk_plat_initrd(&base, &len) != 0) {
			put("initrd none\n");
		} else {
			const unsigned char *p = base;
			uint64_t h = 0xcbf29ce484222325ull;

			for (size_t i = 0; i < len; i++)
				h = (h ^ p[i]) * 0x100000001b3ull;
			put("initrd len=");
			putu(len, 10);
			put(" fnv=");
			putu(h, 16);
			put("\n");
		}
	}

	if (arg(cl, "cpuid")) {
		static const uint32_t leaves[] = { 0, 1, 0x15, 0x16, 0x40000000, 0x40000001, 0x40000010 };

		for (unsigned i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
			uint32_t r[4];

			__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
					 : "a"(leaves[i]), "c"(0));
			put("cpuid ");
			putu(leaves[i], 16);
			for (int j = 0; j < 4; j++) {
				put(" ");
				putu(r[j], 16);
			}
			put("\n");
		}
	}

	if (arg(cl, "sse")) {
		uint64_t v = 0x1234;

		__asm__ volatile("movq %0, %%xmm1; pxor %%xmm0, %%xmm0; paddq %%xmm1, %%xmm0; movq %%xmm0, %0"
				 : "+r"(v) : : "xmm0", "xmm1");
		put(v == 0x1234 ? "sse-ok\n" : "sse-bad\n");
	}

	if ((a = arg(cl, "crash"))) {
		put("crashing\n");
		if (a[0] == 'w') /* write to our own text: W^X must stop it */
			*(volatile char *)(uintptr_t)&uk_boot_start = 0;
		else if (a[0] == 'n')
			(void)*(volatile int *)(uintptr_t)8;
		else if (a[0] == 's')
			code = recurse(0);
		else
			__asm__ volatile("ud2");
		put("not reached\n");
	}

	if ((a = arg(cl, "exit")))
		for (code = 0; *a >= '0' && *a <= '9'; a++)
			code = code * 10 + (*a - '0');
	put("bye\n");
	uk_plat_exit(code);
}
