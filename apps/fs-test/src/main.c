/* Smoke test of @uk/vfs over ramfs: mounts and prints what it got. */
#include <stdio.h>
#include <uk/vfs.h>

int main(void)
{
	printf("mount /tmp: %d\n", uk_vfs_mount("ramfs", "", "/tmp", 0));
	printf("mount /a/b: %d\n", uk_vfs_mount("ramfs", "", "/a/b", 0));
	printf("mount nofs: %d\n", uk_vfs_mount("nofs", "", "/c", 0));
	return 0;
}
