/* remove: unlink a file, or rmdir a directory (unlink says EISDIR first). */
#include <errno.h>

#include "fs_hooks.h"
#include "stdio_impl.h"

int remove(const char *path)
{
	long r = UK_FS_CALL(unlink, (long)path);

	if (r == -EISDIR)
		r = UK_FS_CALL(rmdir, (long)path);
	return (int)__uk_fs_ret(r);
}
