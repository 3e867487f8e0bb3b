/*
 * Record locks (fcntl F_GETLK, F_SETLK, F_SETLKW) as one process sees
 * them: POSIX locks never conflict with locks of the process that holds
 * them, and a unikernel is one process, so every lock is granted at once
 * and F_GETLK always finds the range free. What is still checked is what
 * Linux checks for a lone process: the lock type, whence, a range that
 * does not start before the file, and that a read lock needs a descriptor
 * open for reading and a write lock one open for writing.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <uk/file.h>

#include "fdtab_impl.h"

static int check_range(const struct flock *fl)
{
	if (fl->l_whence != SEEK_SET && fl->l_whence != SEEK_CUR && fl->l_whence != SEEK_END)
		return -EINVAL;
	if (fl->l_whence == SEEK_SET && (fl->l_start < 0 || (fl->l_len < 0 && fl->l_start + fl->l_len < 0)))
		return -EINVAL;
	return 0;
}

int fdtab_record_lock(struct uk_file *f, int cmd, struct flock *fl)
{
	int acc = f->flags & O_ACCMODE, r;

	if (!fl)
		return -EFAULT;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
		return -EINVAL;
	r = check_range(fl);
	if (r)
		return r;
	if (cmd == F_GETLK) {
		fl->l_type = F_UNLCK; /* no other process can hold a lock */
		return 0;
	}
	if (fl->l_type == F_RDLCK && acc == O_WRONLY)
		return -EBADF;
	if (fl->l_type == F_WRLCK && acc == O_RDONLY)
		return -EBADF;
	return 0;
}
