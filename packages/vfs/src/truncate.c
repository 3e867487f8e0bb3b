/* truncate: the size of a file named by path (ftruncate is @uk/fdtab's, through file.c). */
#include <errno.h>
#include <sys/types.h>
#include <uk/syscall.h>

#include "vfs.h"

UK_SYSCALL_R_DEFINE2(int, truncate, const char *, path, off_t, len)
{
	struct uk_vfs_setattr s = { .valid = UK_VFS_SET_SIZE, .size = (uint64_t)len };
	struct uk_vfs_node *n;
	int r;

	if (len < 0)
		return -EINVAL;
	r = vfs_resolve(0, path, VFS_FOLLOW, &n);
	if (r < 0)
		return r;
	if (n->type == UK_VFS_IFDIR)
		r = -EISDIR;
	else if (n->type != UK_VFS_IFREG)
		r = -EINVAL;
	else if (vfs_is_rdonly(n))
		r = -EROFS;
	else
		r = n->ops->setattr ? n->ops->setattr(n, &s) : -EPERM;
	uk_vfs_node_put(n);
	return r;
}
