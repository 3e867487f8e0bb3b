/*
 * uk_plat_host_fence on kvm. Under hardware virtualization a locked
 * instruction is a fence the host's device threads see too. Under QEMU's
 * TCG with one vCPU it is not: QEMU emits no host barrier for the guest's
 * (it has no other vCPU to order against), so a driver's store can still
 * sit in the host CPU's store buffer while QEMU's device thread reads the
 * old value, and the device then skips an interrupt the driver waits for.
 * Every port access in QEMU takes its device lock (a host atomic, so a
 * full host fence), and QEMU's virtio devices update the rings holding
 * that lock: a read of the POST diagnostic port, which every PC-compatible
 * machine leaves harmless to read, orders the driver against the device.
 * TCG is told by its CPUID signature, looked up once.
 */
#include <uk/plat.h>
#include "cpu.h"

#define PORT_POST 0x80

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
		(void)inb(PORT_POST);
	else
		__asm__ volatile("lock; addl $0, 0(%%rsp)" : : : "memory", "cc");
}
