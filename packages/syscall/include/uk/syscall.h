/*
 * How a library provides a system call it owns. One definition gives three
 * things:
 *
 *   UK_SYSCALL_R_DEFINE3(ssize_t, read, int, fd, void *, buf, size_t, len)
 *   {
 *           ...
 *           return n;           (or a negative errno: return -EBADF;)
 *   }
 *
 * - long uk_syscall_r_read(long fd, long buf, long len): the raw entry,
 *   returning the result or -errno. Run-time syscall(), the
 *   binary-compatibility trap and other libraries call this one. A library
 *   declares the raw entries it exports in one of its public headers.
 * - a weak ssize_t read(int fd, void *buf, size_t len) that sets errno and
 *   returns -1 on error, so an app gets the POSIX name without more code;
 *   a libc with a strong read of its own wins at link time without a clash.
 * - an entry { UK_SYS_read, raw entry, "read" } in the link-time table
 *   (section uk_syscalltab) that uk_syscall_r() dispatches through. The
 *   table is only kept in an image that dispatches by number (ld keeps a
 *   section named like a C identifier when __start_/__stop_ of it are
 *   referenced), so direct callers pay nothing for it.
 *
 * UK_LLSYSCALL_R_DEFINE<n> gives the raw entry and the table entry only: for
 * calls whose POSIX function differs (variadic fcntl/ioctl, pselect6) or
 * that have none.
 *
 * The numbers are Linux's x86_64 ones (<uk/syscall_nr.h>), so the same table
 * serves unmodified Linux executables. The library defining a call
 * `requires: ["@uk/syscall"]` and lists both names in its `exports`.
 */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <uk/syscall_nr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One row of the link-time table; fn is the raw entry, called with 6 longs. */
struct uk_syscall_entry {
	long nr;
	void (*fn)(void);
	const char *name;
};

typedef long (*uk_syscall_fn)(long, long, long, long, long, long);

/*
 * Run-time dispatch: the raw entry for nr called with the six arguments
 * (extra ones are ignored by the callee, as in the kernel's ABI). A number
 * nobody provides returns -ENOSYS and logs the call's name once.
 */
long uk_syscall_r(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

/* The name of system call nr ("read"), or NULL when the table does not know it. */
const char *uk_syscall_name(long nr);

/*
 * A raw result turned into the POSIX convention: r itself when it is no
 * error, else -1 with the C library's errno set to -r. (In the
 * implementation, which knows the C library, so this API needs none.)
 */
long uk_syscall_errno(long r);

/*
 * The registers of code compiled for Linux at its `syscall` instruction,
 * as the binary-compatibility trap saved them (lowest address first).
 * rip and rflags are what the instruction put in rcx and r11.
 */
struct uk_syscall_regs {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long rflags, rip;
};

/*
 * The registers of the system call being served when it entered through
 * the trap, for calls that continue the caller elsewhere (clone); valid
 * until the handler blocks. NULL for a direct call, syscall(), or an image
 * without the trap.
 */
const struct uk_syscall_regs *uk_syscall_trap_regs(void);

/*
 * Continue code compiled for Linux as if its system call had just
 * returned: every register from r (rax is the result), on stack sp.
 */
__attribute__((noreturn)) void uk_syscall_trap_resume(const struct uk_syscall_regs *r, unsigned long sp);

/* ---- argument-list plumbing: pairs (type, name) mapped by m ---- */
#define __UK_SC_M1(m, t, a) m(t, a)
#define __UK_SC_M2(m, t, a, ...) m(t, a), __UK_SC_M1(m, __VA_ARGS__)
#define __UK_SC_M3(m, t, a, ...) m(t, a), __UK_SC_M2(m, __VA_ARGS__)
#define __UK_SC_M4(m, t, a, ...) m(t, a), __UK_SC_M3(m, __VA_ARGS__)
#define __UK_SC_M5(m, t, a, ...) m(t, a), __UK_SC_M4(m, __VA_ARGS__)
#define __UK_SC_M6(m, t, a, ...) m(t, a), __UK_SC_M5(m, __VA_ARGS__)
#define __UK_SC_DECL(t, a) t a
#define __UK_SC_LONG(t, a) long a
#define __UK_SC_FROMLONG(t, a) (t)a
#define __UK_SC_TOLONG(t, a) (long)a

#define __UK_SYSCALL_ENTRY(name)                                               \
	static const struct uk_syscall_entry __uk_syscall_entry_##name        \
		__attribute__((used, section("uk_syscalltab"), aligned(8))) = { \
			UK_SYS_##name, (void (*)(void))uk_syscall_r_##name,     \
			#name }

#define __UK_LLSYSCALL(n, rtype, name, ...)                                    \
	long uk_syscall_r_##name(__UK_SC_M##n(__UK_SC_LONG, __VA_ARGS__));     \
	static inline rtype __uk_syscall_body_##name(                          \
		__UK_SC_M##n(__UK_SC_DECL, __VA_ARGS__));                      \
	long uk_syscall_r_##name(__UK_SC_M##n(__UK_SC_LONG, __VA_ARGS__))      \
	{                                                                      \
		return (long)__uk_syscall_body_##name(                         \
			__UK_SC_M##n(__UK_SC_FROMLONG, __VA_ARGS__));          \
	}                                                                      \
	__UK_SYSCALL_ENTRY(name);                                              \
	static inline rtype __uk_syscall_body_##name(                          \
		__UK_SC_M##n(__UK_SC_DECL, __VA_ARGS__))

/*
 * The POSIX face takes pointers where a C library may declare arrays
 * (musl: pipe(int [2]), utimensat(..., const struct timespec [2], ...)):
 * the same type, which -Warray-parameter would report in every file.
 */
#define __UK_SYSCALL(n, rtype, name, ...)                                      \
	long uk_syscall_r_##name(__UK_SC_M##n(__UK_SC_LONG, __VA_ARGS__));     \
	_Pragma("GCC diagnostic push")                                         \
	_Pragma("GCC diagnostic ignored \"-Wpragmas\"")                        \
	_Pragma("GCC diagnostic ignored \"-Warray-parameter\"")                \
	__attribute__((weak)) rtype name(__UK_SC_M##n(__UK_SC_DECL, __VA_ARGS__)) \
	{                                                                      \
		return (rtype)uk_syscall_errno(uk_syscall_r_##name(            \
			__UK_SC_M##n(__UK_SC_TOLONG, __VA_ARGS__)));           \
	}                                                                      \
	_Pragma("GCC diagnostic pop")                                          \
	__UK_LLSYSCALL(n, rtype, name, __VA_ARGS__)

/* ---- the definition macros, arity in the name ---- */
#define UK_LLSYSCALL_R_DEFINE0(rtype, name)                                    \
	long uk_syscall_r_##name(void);                                        \
	static inline rtype __uk_syscall_body_##name(void);                    \
	long uk_syscall_r_##name(void)                                         \
	{                                                                      \
		return (long)__uk_syscall_body_##name();                       \
	}                                                                      \
	__UK_SYSCALL_ENTRY(name);                                              \
	static inline rtype __uk_syscall_body_##name(void)
#define UK_LLSYSCALL_R_DEFINE1(rtype, name, ...) __UK_LLSYSCALL(1, rtype, name, __VA_ARGS__)
#define UK_LLSYSCALL_R_DEFINE2(rtype, name, ...) __UK_LLSYSCALL(2, rtype, name, __VA_ARGS__)
#define UK_LLSYSCALL_R_DEFINE3(rtype, name, ...) __UK_LLSYSCALL(3, rtype, name, __VA_ARGS__)
#define UK_LLSYSCALL_R_DEFINE4(rtype, name, ...) __UK_LLSYSCALL(4, rtype, name, __VA_ARGS__)
#define UK_LLSYSCALL_R_DEFINE5(rtype, name, ...) __UK_LLSYSCALL(5, rtype, name, __VA_ARGS__)
#define UK_LLSYSCALL_R_DEFINE6(rtype, name, ...) __UK_LLSYSCALL(6, rtype, name, __VA_ARGS__)

#define UK_SYSCALL_R_DEFINE0(rtype, name)                                      \
	long uk_syscall_r_##name(void);                                        \
	__attribute__((weak)) rtype name(void)                                 \
	{                                                                      \
		return (rtype)uk_syscall_errno(uk_syscall_r_##name());         \
	}                                                                      \
	UK_LLSYSCALL_R_DEFINE0(rtype, name)
#define UK_SYSCALL_R_DEFINE1(rtype, name, ...) __UK_SYSCALL(1, rtype, name, __VA_ARGS__)
#define UK_SYSCALL_R_DEFINE2(rtype, name, ...) __UK_SYSCALL(2, rtype, name, __VA_ARGS__)
#define UK_SYSCALL_R_DEFINE3(rtype, name, ...) __UK_SYSCALL(3, rtype, name, __VA_ARGS__)
#define UK_SYSCALL_R_DEFINE4(rtype, name, ...) __UK_SYSCALL(4, rtype, name, __VA_ARGS__)
#define UK_SYSCALL_R_DEFINE5(rtype, name, ...) __UK_SYSCALL(5, rtype, name, __VA_ARGS__)
#define UK_SYSCALL_R_DEFINE6(rtype, name, ...) __UK_SYSCALL(6, rtype, name, __VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif /* UK_SYSCALL_H */
