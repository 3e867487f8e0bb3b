/*
 * The mounts made at boot (UK_INIT_FS, after every driver registered its
 * filesystem type at UK_INIT_LIB), in this order:
 *   1. "/" from the vfs.root=FSTYPE[:SOURCE][:ro] parameter, else the root
 *      option of the app's manifest, else the default driver with no source;
 *   2. the initrd unpacked into "/", when the image has the initrd feature
 *      and the platform was given one;
 *   3. the mounts option of the manifest: FSTYPE:SOURCE:PATH[:ro]
 *      specifications separated by spaces;
 *   4. vfs.mount.0, vfs.mount.1, ... parameters (same syntax), up to the
 *      first number missing; the command line thus adds to the manifest.
 * A mount that fails stops boot with one line naming it and the reason.
 * Mounts 3 and 4 are lazy (mount.c): boot checks their specification; the
 * first path resolution makes the mount points and the driver mounts on
 * first use. A failure then prints the same line; a mount that failed
 * fails that use (and every later one) with the driver's errno.
 */
#include <errno.h>
#include <string.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/vfs.h>

#include "say.h"
#include "vfs.h"

#ifndef CONFIG_UK_VFS_ROOT
#define CONFIG_UK_VFS_ROOT ""
#endif
#ifndef CONFIG_UK_VFS_MOUNTS
#define CONFIG_UK_VFS_MOUNTS ""
#endif
#ifndef CONFIG_UK_VFS_MAX_MOUNT_PARAMS
#define CONFIG_UK_VFS_MAX_MOUNT_PARAMS 16
#endif

static const char *param(const char *key)
{
	return uk_plat_param(key);
}

static int failed(const char *what, const char *spec, int r)
{
	return vfs_mount_failed(what, spec, r);
}

/* FSTYPE[:SOURCE][:ro] */
static int mount_root(const char *spec, const char *what)
{
	char buf[160];
	size_t n = strlen(spec);

	if (n + 4 > sizeof(buf))
		return failed(what, spec, -ENAMETOOLONG);
	/* Reuse the mount syntax: FSTYPE:SOURCE:/[:ro]. */
	{
		const char *c1 = strchr(spec, ':');
		const char *ro = 0;
		size_t head;

		if (n >= 3 && !strcmp(spec + n - 3, ":ro") && c1 != spec + n - 3)
			ro = spec + n - 3;
		head = ro ? (size_t)(ro - spec) : n;
		memcpy(buf, spec, head);
		buf[head] = 0;
		if (!c1 || c1 >= spec + head)
			strcat(buf, ":");
		strcat(buf, ":/");
		if (ro)
			strcat(buf, ":ro");
	}
	{
		int r = uk_vfs_mount_spec(buf);

		return r < 0 ? failed(what, spec, r) : 0;
	}
}

static int mount_list(const char *list)
{
	char spec[512];

	while (*list) {
		const char *end;
		size_t n;
		int r;

		while (*list == ' ')
			list++;
		end = list;
		while (*end && *end != ' ')
			end++;
		n = (size_t)(end - list);
		if (!n)
			break;
		if (n >= sizeof(spec))
			return failed("", "(mounts option)", -ENAMETOOLONG);
		memcpy(spec, list, n);
		spec[n] = 0;
		r = vfs_mount_spec_at_boot("", spec);
		if (r < 0)
			return failed("", spec, r);
		list = end;
	}
	return 0;
}

static int vfs_boot_mounts(void)
{
	const char *root = param("vfs.root");
	char key[32];
	int r;

	if (root)
		r = mount_root(root, "vfs.root=");
	else if (CONFIG_UK_VFS_ROOT[0])
		r = mount_root(CONFIG_UK_VFS_ROOT, "root=");
	else if (!vfs_fstype_default())
		return failed("/", ": no filesystem driver is the default", -ENODEV);
	else {
		r = mount_root(vfs_fstype_default()->name, "/ as ");
		/* A driver that needs a source (9P's mount tag) cannot be / by itself. */
		if (r < 0)
			vfs_say("[uk-vfs] fix: give / a source (vfs.root=FSTYPE:SOURCE, or the "
				"root option of @uk/vfs), or make a RAM root the default: ",
				"pnpm add @uk/fs-ramfs and set uk.default[\"@uk/vfs-driver\"] ",
				"to \"@uk/fs-ramfs\"\n");
	}
	if (r < 0)
		return r;
#ifdef CONFIG_UK_VFS_INITRD
	r = vfs_boot_initrd();
	if (r < 0)
		return r;
#endif
	r = mount_list(CONFIG_UK_VFS_MOUNTS);
	if (r < 0)
		return r;
	for (int i = 0; i < CONFIG_UK_VFS_MAX_MOUNT_PARAMS; i++) {
		const char *spec;

		vfs_fmt_key(key, sizeof(key), "vfs.mount.", i);
		spec = param(key);
		if (!spec)
			break;
		strcat(key, "=");
		r = vfs_mount_spec_at_boot(key, spec);
		if (r < 0)
			return failed(key, spec, r);
	}
	return 0;
}

UK_INIT(vfs_boot_mounts, UK_INIT_FS, UK_INIT_PRIO_DEFAULT);
