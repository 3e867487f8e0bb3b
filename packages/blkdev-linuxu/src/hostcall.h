/*
 * The Linux system calls the file-backed disk needs, made directly (the
 * linuxu platform links no host libc). Results are the kernel's: a value
 * >= 0, or -errno.
 */
#ifndef UK_BLKDEV_LINUXU_HOSTCALL_H
#define UK_BLKDEV_LINUXU_HOSTCALL_H

#define HOST_SYS_close 3
#define HOST_SYS_lseek 8
#define HOST_SYS_pread64 17
#define HOST_SYS_pwrite64 18
#define HOST_SYS_fdatasync 75
#define HOST_SYS_openat 257

#define HOST_AT_FDCWD (-100)
#define HOST_O_RDONLY 0
#define HOST_O_RDWR 2
#define HOST_O_CLOEXEC 02000000
#define HOST_SEEK_END 2
#define HOST_EINTR 4

static inline long host_call4(long n, long a, long b, long c, long d)
{
	long r;
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
	return r;
}

#endif
