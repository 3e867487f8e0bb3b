/*
 * The @uk/fdtab entry points libc uses when the descriptor table is linked.
 * Weak references: without fdtab in the image they resolve to NULL and
 * libc keeps its console-only behaviour. Declared here rather than through
 * fdtab's headers, so libc does not require fdtab.
 */
#ifndef _UK_LIBC_FDTAB_HOOKS_H
#define _UK_LIBC_FDTAB_HOOKS_H

extern long uk_syscall_r_write(long fd, long buf, long len) __attribute__((weak));

#endif
