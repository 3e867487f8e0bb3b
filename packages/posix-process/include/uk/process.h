/*
 * The raw entries of the single-process system calls @uk/posix-process
 * defines (result or -errno; see <uk/syscall.h>). Their POSIX faces are
 * declared by the C library's headers (unistd.h, sys/utsname.h,
 * sys/random.h, sys/mman.h).
 */
#ifndef UK_PROCESS_H
#define UK_PROCESS_H

#ifdef __cplusplus
extern "C" {
#endif

long uk_syscall_r_getpid(void);
long uk_syscall_r_getppid(void);
long uk_syscall_r_gettid(void);
long uk_syscall_r_getuid(void);
long uk_syscall_r_geteuid(void);
long uk_syscall_r_getgid(void);
long uk_syscall_r_getegid(void);
long uk_syscall_r_uname(long u);
long uk_syscall_r_set_tid_address(long tidptr);
long uk_syscall_r_set_robust_list(long head, long len);
long uk_syscall_r_exit(long status);
long uk_syscall_r_exit_group(long status);
long uk_syscall_r_rt_sigaction(long sig, long act, long oldact, long setsize);
long uk_syscall_r_rt_sigprocmask(long how, long set, long oldset, long setsize);
long uk_syscall_r_sigaltstack(long ss, long old);
long uk_syscall_r_prlimit64(long pid, long resource, long newlim, long old);
long uk_syscall_r_mmap(long addr, long len, long prot, long flags, long fd, long off);
long uk_syscall_r_munmap(long addr, long len);
long uk_syscall_r_mprotect(long addr, long len, long prot);
long uk_syscall_r_madvise(long addr, long len, long advice);
long uk_syscall_r_brk(long want);
long uk_syscall_r_getrandom(long buf, long len, long flags);
long uk_syscall_r_clock_gettime(long clk, long ts);
long uk_syscall_r_clock_getres(long clk, long ts);
long uk_syscall_r_gettimeofday(long tv, long tz);
long uk_syscall_r_time(long t);
long uk_syscall_r_nanosleep(long req, long rem);
long uk_syscall_r_clock_nanosleep(long clk, long flags, long req, long rem);
long uk_syscall_r_sched_yield(void);
long uk_syscall_r_arch_prctl(long code, long addr);
long uk_syscall_r_rseq(long area, long len, long flags, long sig);

#ifdef __cplusplus
}
#endif

#endif
