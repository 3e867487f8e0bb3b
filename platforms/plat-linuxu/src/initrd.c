/*
 * The initial RAM disk on linuxu: the file named by the platform parameter
 * initrd=PATH (uk run --initrd), mapped read-only and private on first
 * request. Nothing happens at boot for an image that never asks.
 */
#include <uk/plat.h>

#include "linuxu.h"
#include "syscall.h"

#define O_RDONLY 0
#define PROT_READ 1
#define MAP_PRIVATE 2
#define STAT_SIZE_OFFSET 48 /* st_size in Linux x86_64's struct stat (144 bytes) */

int uk_plat_initrd(const void **base, size_t *len)
{
	static const void *mapped;
	static size_t size;
	const char *path = uk_plat_param("initrd");
	long st[18];
	long fd, p;

	if (mapped) {
		*base = mapped;
		*len = size;
		return 0;
	}
	if (!path)
		return -1;
	fd = linux_syscall2(LINUX_SYS_open, (long)path, O_RDONLY);
	if (fd < 0)
		return -1;
	if (linux_syscall2(LINUX_SYS_fstat, fd, (long)st) < 0 ||
	    *(long *)((char *)st + STAT_SIZE_OFFSET) <= 0) {
		linux_syscall1(LINUX_SYS_close, fd);
		return -1;
	}
	size = (size_t)*(long *)((char *)st + STAT_SIZE_OFFSET);
	p = linux_syscall6(LINUX_SYS_mmap, 0, (long)size, PROT_READ, MAP_PRIVATE, fd, 0);
	linux_syscall1(LINUX_SYS_close, fd);
	if (p < 0 && p > -4096)
		return -1;
	mapped = (const void *)p;
	*base = mapped;
	*len = size;
	return 0;
}
