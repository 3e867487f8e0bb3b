/*
 * The descriptor table: a fixed array of file pointers (option max_fds)
 * and a close-on-exec bit per slot. Descriptors 0, 1 and 2 start out as
 * the console, statically, so an image pays no init step for them. The
 * scheduler is cooperative, so a slot cannot change under a caller between
 * two statements and the table needs no lock.
 */
#include <errno.h>
#include <stddef.h>
#include <uk/file.h>

#include "console.h"
#include "fdtab_impl.h"

static struct uk_file *slots[FDTAB_MAX] = { &uk_fdtab_console_in, &uk_fdtab_console_out,
					    &uk_fdtab_console_err };
static unsigned long cloexec_bits[(FDTAB_MAX + 63) / 64];

struct uk_file *fdtab_peek(int fd)
{
	if (fd < 0 || fd >= FDTAB_MAX)
		return NULL;
	return slots[fd];
}

struct uk_file *uk_fd_get(int fd)
{
	struct uk_file *f = fdtab_peek(fd);

	return f ? uk_file_get(f) : NULL;
}

int fdtab_cloexec(int fd)
{
	return (cloexec_bits[fd / 64] >> (fd % 64)) & 1;
}

void fdtab_set_cloexec(int fd, int on)
{
	if (on)
		cloexec_bits[fd / 64] |= 1UL << (fd % 64);
	else
		cloexec_bits[fd / 64] &= ~(1UL << (fd % 64));
}

struct uk_file *fdtab_take(int fd)
{
	struct uk_file *f = fdtab_peek(fd);

	if (f) {
		slots[fd] = NULL;
		fdtab_set_cloexec(fd, 0);
	}
	return f;
}

void fdtab_replace(int fd, struct uk_file *f, int cloexec)
{
	struct uk_file *old = slots[fd];

	slots[fd] = f;
	fdtab_set_cloexec(fd, cloexec);
	if (old)
		uk_file_put(old);
}

int uk_fd_install(struct uk_file *f, int min_fd, int cloexec)
{
	if (min_fd < 0) {
		uk_file_put(f);
		return -EINVAL;
	}
	for (int fd = min_fd; fd < FDTAB_MAX; fd++) {
		if (!slots[fd]) {
			slots[fd] = f;
			fdtab_set_cloexec(fd, cloexec);
			return fd;
		}
	}
	uk_file_put(f);
	return -EMFILE;
}
