/*
 * uk_plat_host_fence on kvm. Under hardware virtualization a locked
 * instruction is a fence the host's device threads see too. Under QEMU's
 * TCG with one vCPU it is not: QEMU emits no host barrier for the guest's
 * (it has no other vCPU to order against), so a driver's store can still
 * sit in the host CPU's store buffer while QEMU's device thread reads the
 * old value, and the device then skips an interrupt or a ring update the
 * driver waits for.
 *
 * What does reach the host is a helper that takes a lock. `rdtsc` is one:
 * QEMU reads its tick count under a spin lock (an atomic exchange: a full
 * fence on an x86 host), and nothing else changes. The guest reads the TSC
 * several times a request already. Two others were tried and cost more: a
 * port read takes QEMU's device lock, which the main loop holds while it
 * moves packets (3-7 us a request at one connection, and on the transmit
 * path it halved a busy server's requests per second); `invlpg` takes the
 * TLB's lock but also drops QEMU's cached jumps for two pages of code,
 * about 27 more block lookups a request (~3 us at one connection).
 *
 * TCG is told by its CPUID signature, looked up once.
 */
#include <uk/plat.h>
#include "cpu.h"

static int emulated = -1; /* 1 under TCG, 0 not, -1 not looked yet */

static int under_tcg(void)
{
	uint32_t max, sig[3];

	return hypervisor_leaf(&max, sig) && sig[0] == 0x54474354 && sig[1] == 0x43544743 &&
	       sig[2] == 0x47435447; /* "TCGTCGTCGTCG" */
}

void uk_plat_host_fence(void)
{
	if (emulated < 0)
		emulated = under_tcg();
	if (emulated) {
		uint32_t lo, hi;

		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
		(void)lo;
		(void)hi;
	} else {
		__asm__ volatile("lock; addl $0, 0(%%rsp)" : : : "memory", "cc");
	}
}
