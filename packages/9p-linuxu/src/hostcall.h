/*
 * The Linux system calls the socket transport needs, made directly (the
 * linuxu platform links no host libc). Results are the kernel's: a value
 * >= 0, or -errno.
 */
#ifndef UK_9P_LINUXU_HOSTCALL_H
#define UK_9P_LINUXU_HOSTCALL_H

#define HOST_SYS_readv 19
#define HOST_SYS_writev 20
#define HOST_SYS_fstat 5
#define HOST_SYS_fcntl 72
#define HOST_F_GETFL 3
#define HOST_F_SETFL 4
#define HOST_O_NONBLOCK 04000

#define HOST_EINTR 4
#define HOST_S_IFMT 0170000
#define HOST_S_IFSOCK 0140000
#define HOST_STAT_MODE_OFFSET 24 /* st_mode in x86_64's struct stat */
#define HOST_STAT_SIZE 144

struct host_iovec {
	void *base;
	unsigned long len;
};

static inline long host_call3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}

#endif
