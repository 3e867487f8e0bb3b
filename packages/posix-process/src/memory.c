/*
 * Memory for programs that ask the kernel for it: anonymous private
 * mmap/munmap from the default allocator (page aligned, zeroed), brk over
 * one region taken from it on first use (option brk_size), and mprotect
 * and madvise accepted: uk's memory is one identity-mapped space, so a
 * protection change has nothing to do and a program cannot tell.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/syscall.h>

#ifndef CONFIG_UK_POSIX_PROCESS_BRK_SIZE
#define CONFIG_UK_POSIX_PROCESS_BRK_SIZE (1 << 20)
#endif

#define PAGE 4096UL

UK_SYSCALL_R_DEFINE6(void *, mmap, void *, addr, size_t, len, int, prot, int, flags, int, fd, off_t, off)
{
	void *p;

	(void)addr;
	(void)prot;
	(void)off;
	if (!len)
		return (void *)-EINVAL;
	if (!(flags & MAP_ANONYMOUS) || fd != -1)
		return (void *)-ENODEV; /* file mappings: not yet */
	if (flags & MAP_FIXED)
		return (void *)-ENOMEM;
	if (len > SIZE_MAX - PAGE)
		return (void *)-ENOMEM;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	p = aligned_alloc(PAGE, len);
	if (!p)
		return (void *)-ENOMEM;
	memset(p, 0, len);
	return p;
}

/* Only whole mappings are given back; a partial unmap keeps the block (and says yes). */
UK_SYSCALL_R_DEFINE2(int, munmap, void *, addr, size_t, len)
{
	if ((uintptr_t)addr & (PAGE - 1) || !len)
		return -EINVAL;
	free(addr);
	return 0;
}

UK_SYSCALL_R_DEFINE3(int, mprotect, void *, addr, size_t, len, int, prot)
{
	(void)len;
	(void)prot;
	return (uintptr_t)addr & (PAGE - 1) ? -EINVAL : 0;
}

UK_SYSCALL_R_DEFINE3(int, madvise, void *, addr, size_t, len, int, advice)
{
	(void)len;
	(void)advice;
	return (uintptr_t)addr & (PAGE - 1) ? -EINVAL : 0;
}

/*
 * brk as the kernel answers it: the new break when it fits, else the
 * current one (the C library sees no change and reports ENOMEM).
 */
UK_LLSYSCALL_R_DEFINE1(unsigned long, brk, unsigned long, want)
{
	static char *base, *cur;

	if (!base) {
		base = aligned_alloc(PAGE, CONFIG_UK_POSIX_PROCESS_BRK_SIZE);
		if (!base)
			return 0;
		memset(base, 0, CONFIG_UK_POSIX_PROCESS_BRK_SIZE);
		cur = base;
	}
	if (want >= (unsigned long)base && want <= (unsigned long)base + CONFIG_UK_POSIX_PROCESS_BRK_SIZE)
		cur = (char *)want;
	return (unsigned long)cur;
}
