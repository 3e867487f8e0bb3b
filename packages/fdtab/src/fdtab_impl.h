/*
 * Private to @uk/fdtab: the descriptor table's internals shared by the
 * files that implement the system calls.
 */
#ifndef UK_FDTAB_IMPL_H
#define UK_FDTAB_IMPL_H

#include <stdint.h>
#include <uk/file.h>

#ifndef CONFIG_UK_FDTAB_MAX_FDS
#define CONFIG_UK_FDTAB_MAX_FDS 1024
#endif
#define FDTAB_MAX CONFIG_UK_FDTAB_MAX_FDS

/* The slot fd holds (NULL: free, or fd out of range), without a new reference. */
struct uk_file *fdtab_peek(int fd);
/* Put f in slot fd (which must be in range), closing what was there. */
void fdtab_replace(int fd, struct uk_file *f, int cloexec);
/* Empty slot fd and return what it held (with its reference), or NULL. */
struct uk_file *fdtab_take(int fd);
int fdtab_cloexec(int fd);
void fdtab_set_cloexec(int fd, int on);

/* Readiness of f now, masked to what poll may report for events. */
unsigned fdtab_ready(struct uk_file *f, unsigned events);

/* The monotonic deadline timeout_ns from now (UINT64_MAX when negative: none). */
uint64_t fdtab_deadline(int64_t timeout_ns);

/*
 * Set by a file's poll that said "not ready" but will never call
 * uk_file_event when it becomes ready (console input has no interrupt).
 * fdtab_wait then waits in idle slices so the scan runs again; otherwise it
 * is uk_file_wait. Returns -ETIMEDOUT only once deadline has passed.
 */
extern int fdtab_repoll;
int fdtab_wait(uint64_t deadline);

/* fcntl F_GETLK/F_SETLK/F_SETLKW on f (lock.c): the answers of a lone process. */
struct flock;
int fdtab_record_lock(struct uk_file *f, int cmd, struct flock *fl);

#endif
