/*
 * First C code: called by entry32.S in long mode on the boot stack, with
 * the multiboot magic (or anything, for PVH) and the boot-info address.
 * Brings up what the plat API promises -- console, exception reports, the
 * final page tables, the memory map, the command line and its --uk
 * parameters -- then hands over to the booter. Nothing here waits: the TSC
 * is calibrated only when someone asks for time (tsc.c), the region list
 * only when someone asks for memory (memmap.c).
 */
#include <uk/plat.h>
#include <uk/boot.h>
#include "kvm.h"

#define MULTIBOOT_MAGIC 0x2BADB002

static const char *cmdline = "";

void kvm_set_cmdline(const char *s)
{
	cmdline = s;
}

const char *uk_plat_cmdline(void)
{
	return cmdline;
}

__attribute__((noreturn)) void uk_kvm_boot(uint32_t magic, uint32_t info);

__attribute__((noreturn)) void uk_kvm_boot(uint32_t magic, uint32_t info)
{
	kvm_serial_init();
	kvm_traps_init();

	/*
	 * PVH first, by the magic inside its start_info: %eax is undefined on
	 * PVH entry, and qboot (microvm's firmware) leaves 0x2BADB002 in it.
	 */
	if (kvm_pvh_parse(info) == 0)
		;
	else if (magic == MULTIBOOT_MAGIC)
		kvm_multiboot_parse(info);
	else
		kvm_puts("[uk-kvm] no boot information: no memory map, empty command line\n");

	kvm_paging_init();
	kvm_params_init();
	uk_boot_start();
}
