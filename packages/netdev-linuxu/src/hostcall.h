/*
 * The Linux system calls and structures the host links need, made directly
 * (the linuxu platform links no host libc). Results are the kernel's: a
 * value >= 0, or -errno. Values are Linux x86_64's.
 */
#ifndef UK_NETDEV_LINUXU_HOSTCALL_H
#define UK_NETDEV_LINUXU_HOSTCALL_H

#include <stdint.h>

#define HOST_SYS_read 0
#define HOST_SYS_close 3
#define HOST_SYS_ioctl 16
#define HOST_SYS_writev 20
#define HOST_SYS_socket 41
#define HOST_SYS_connect 42
#define HOST_SYS_recvfrom 45
#define HOST_SYS_sendmsg 46
#define HOST_SYS_getrandom 318
#define HOST_SYS_openat 257

#define HOST_AT_FDCWD (-100)
#define HOST_O_RDWR 2
#define HOST_O_NONBLOCK 04000
#define HOST_O_CLOEXEC 02000000
#define HOST_AF_UNIX 1
#define HOST_SOCK_STREAM 1
#define HOST_SOCK_CLOEXEC 02000000
#define HOST_MSG_DONTWAIT 0x40
#define HOST_MSG_NOSIGNAL 0x4000

#define HOST_EINTR 4
#define HOST_EAGAIN 11
#define HOST_ENOENT 2
#define HOST_EPERM 1
#define HOST_EACCES 13
#define HOST_EBUSY 16
#define HOST_ECONNREFUSED 111

/* tun/tap: <linux/if_tun.h> */
#define HOST_TUNSETIFF 0x400454caUL
#define HOST_IFF_TAP 0x0002
#define HOST_IFF_NO_PI 0x1000

struct host_ifreq {
	char name[16];
	uint16_t flags;
	uint8_t pad[22]; /* the rest of struct ifreq's union */
};

struct host_iovec {
	const void *base;
	unsigned long len;
};

struct host_msghdr {
	void *name;
	uint32_t namelen;
	struct host_iovec *iov;
	unsigned long iovlen;
	void *control;
	unsigned long controllen;
	int flags;
};

struct host_sockaddr_un {
	uint16_t family;
	char path[108];
};

static inline long host_call4(long n, long a, long b, long c, long d)
{
	long r;
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
	return r;
}

static inline long host_call6(long n, long a, long b, long c, long d, long e, long f)
{
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}

#endif
