/*
 * uk_plat_exit: report a status to whoever runs the VM and stop.
 *
 * QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4,iosize=4)
 * ends QEMU when the guest writes to its port, with exit status
 * (value << 1) | 1. Without that device the write is ignored and the CPU
 * halts with interrupts off, which leaves the VM idle until it is killed.
 */
#include <uk/exit.h>
#include <uk/plat.h>
#include "cpu.h"
#include "kvm.h"

#define DEBUG_EXIT_PORT 0xf4

__attribute__((noreturn)) void kvm_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

__attribute__((noreturn)) void uk_plat_exit(int code)
{
	/* Anything outside 0..UK_EXIT_MAX is reported as UK_EXIT_MAX (a failure). */
	if (code < 0 || code > UK_EXIT_MAX)
		code = UK_EXIT_MAX;
	outl(DEBUG_EXIT_PORT, (uint32_t)code);
	kvm_halt();
}
