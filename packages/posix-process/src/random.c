/*
 * getrandom: RDRAND when the CPU has it, else a splitmix64 stream seeded
 * from the cycle counter and the clocks. The fallback is unpredictable
 * enough for hash seeds and stack canaries, not for keys: an app that
 * needs cryptographic randomness should check for RDRAND (cpuid).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <uk/plat.h>
#include <uk/syscall.h>

static int have_rdrand = -1;

static int cpu_rdrand(void)
{
	unsigned int a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	return (c >> 30) & 1;
}

static int rdrand64(uint64_t *v)
{
	for (int i = 0; i < 10; i++) {
		unsigned char ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 1;
	}
	return 0;
}

static uint64_t mix_state;

static uint64_t splitmix64(void)
{
	uint64_t z;

	if (!mix_state)
		mix_state = uk_plat_cycles() ^ (uk_plat_wall_ns() << 17) ^ 0x9e3779b97f4a7c15ull;
	z = (mix_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

UK_SYSCALL_R_DEFINE3(ssize_t, getrandom, void *, buf, size_t, len, unsigned int, flags)
{
	unsigned char *p = buf;
	size_t left = len;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (have_rdrand < 0)
		have_rdrand = cpu_rdrand();
	while (left) {
		uint64_t v;
		size_t k = left < 8 ? left : 8;

		if (!have_rdrand || !rdrand64(&v))
			v = splitmix64();
		memcpy(p, &v, k);
		p += k;
		left -= k;
	}
	return (ssize_t)len;
}
