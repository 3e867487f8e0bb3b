/*
 * uk_plat_host_fence on kvm. Under hardware virtualization a locked
 * instruction is a fence the host's device threads see too. Under QEMU's
 * TCG with one vCPU it is not: QEMU emits no host barrier for the guest's
 * (it has no other vCPU to order against), so a driver's store can still
 * sit in the host CPU's store buffer while QEMU's device thread reads the
 * old value, and the device then skips an interrupt or a ring update the
 * driver waits for.
 *
 * What does reach the host is a helper that takes a lock. `invlpg` makes
 * QEMU drop the page from the vCPU's TLB under the TLB's own lock (a host
 * atomic exchange: a full fence on an x86 host), and only that page: the
 * top page of the address space, which the boot page tables never map, so
 * nothing in use is flushed. A port read would take QEMU's device lock as
 * well, but the main loop holds that one while it moves packets: it cost
 * 3-7 us per request at one connection, and on the transmit path it
 * halved a busy server's requests per second.
 *
 * TCG is told by its CPUID signature, looked up once.
 */
#include <uk/plat.h>
#include "cpu.h"

#define UNMAPPED_PAGE (~0xffful)

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
	if (emulated)
		__asm__ volatile("invlpg (%0)" : : "r"(UNMAPPED_PAGE) : "memory");
	else
		__asm__ volatile("lock; addl $0, 0(%%rsp)" : : : "memory", "cc");
}
