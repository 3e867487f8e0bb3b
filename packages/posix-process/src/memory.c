/*
 * Memory for programs that ask the kernel for it: anonymous private
 * mmap/munmap from the default allocator (page aligned, zeroed), private
 * file mappings as such memory with the file's bytes read into it (and
 * read-only shared ones the same way: nobody writes through them), brk over
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
#ifndef MAP_TYPE
#define MAP_TYPE 0x0f /* Linux's mask of the mapping type (shared, private, shared-validate) */
#endif

/*
 * The file's bytes from off into p, up to len (what lies beyond its end
 * stays zero, as in a mapping). Through the system-call table, so this
 * library needs no file-system package: whoever provides pread64 serves it.
 */
static long read_file_into(int fd, char *p, size_t len, off_t off)
{
	size_t done = 0;

	while (done < len) {
		long n = uk_syscall_r(UK_SYS_pread64, fd, (long)(p + done), (long)(len - done), (long)(off + (off_t)done), 0, 0);

		if (n < 0)
			return n == -ESPIPE ? -ENODEV : n;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return 0;
}

UK_SYSCALL_R_DEFINE6(void *, mmap, void *, addr, size_t, len, int, prot, int, flags, int, fd, off_t, off)
{
	void *p;

	(void)addr;
	if (!len)
		return (void *)-EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		if (off < 0 || (off & (PAGE - 1)))
			return (void *)-EINVAL;
		/* A shared writable mapping would have to write back: not offered. */
		if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE))
			return (void *)-ENODEV;
	}
	if (flags & MAP_FIXED)
		return (void *)-ENOMEM;
	if (len > SIZE_MAX - PAGE)
		return (void *)-ENOMEM;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	p = aligned_alloc(PAGE, len);
	if (!p)
		return (void *)-ENOMEM;
	memset(p, 0, len);
	if (!(flags & MAP_ANONYMOUS)) {
		long r = read_file_into(fd, p, len, off);

		if (r < 0) {
			free(p);
			return (void *)r;
		}
	}
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
