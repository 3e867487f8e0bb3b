/*
 * The raw socket system-call entries @uk/net-lwip defines (through
 * <uk/syscall.h>): the result, or a negative errno (Linux's values), for
 * callers that want no errno, such as another library or the
 * binary-compatibility trap. Apps use the POSIX names of <sys/socket.h>.
 */
#ifndef UK_NET_LWIP_H
#define UK_NET_LWIP_H

#ifdef __cplusplus
extern "C" {
#endif

long uk_syscall_r_socket(long family, long type, long protocol);
long uk_syscall_r_bind(long fd, long addr, long len);
long uk_syscall_r_listen(long fd, long backlog);
long uk_syscall_r_accept(long fd, long addr, long len);
long uk_syscall_r_accept4(long fd, long addr, long len, long flags);
long uk_syscall_r_connect(long fd, long addr, long len);
long uk_syscall_r_sendto(long fd, long buf, long len, long flags, long to, long tolen);
long uk_syscall_r_recvfrom(long fd, long buf, long len, long flags, long from, long fromlen);
long uk_syscall_r_sendmsg(long fd, long msg, long flags);
long uk_syscall_r_recvmsg(long fd, long msg, long flags);
long uk_syscall_r_shutdown(long fd, long how);
long uk_syscall_r_getsockopt(long fd, long level, long name, long val, long len);
long uk_syscall_r_setsockopt(long fd, long level, long name, long val, long len);
long uk_syscall_r_getsockname(long fd, long addr, long len);
long uk_syscall_r_getpeername(long fd, long addr, long len);

#ifdef __cplusplus
}
#endif

#endif
