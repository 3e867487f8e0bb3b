/*
 * uk_plat_page_exec: memory a program loader filled becomes executable. The
 * image is a host process, so the host kernel maps the pages read, write
 * and execute.
 */
#include <uk/plat.h>
#include "syscall.h"

#define PROT_RWX 7 /* PROT_READ | PROT_WRITE | PROT_EXEC */

int uk_plat_page_exec(void *addr, size_t len)
{
	long a = (long)addr & ~4095L;
	long r = linux_syscall3(LINUX_SYS_mprotect, a, (long)addr + (long)len - a, PROT_RWX);

	return r == 0 ? 0 : -1;
}
