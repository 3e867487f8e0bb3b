/*
 * Platform parameters of a linuxu image: `IMAGE --uk PARAM... -- ARGS...`.
 * What `uk run` puts between --uk and -- describes the host resources the
 * image may use (disk=PATH[:ro] today); it is consumed here, before the
 * command line is built, so main's argv starts after the --. The devices
 * are offered to drivers through @uk/bus (bus.c). A parameter this
 * platform does not know stops the image with UK_EXIT_INIT_FAILED (an init
 * failure): silently ignoring a disk would be worse.
 */
#include <uk/exit.h>
#include <uk/plat.h>
#include "linuxu.h"

#define DISK_PREFIX "disk="

static struct uk_linuxu_hostdev hostdevs[UK_LINUXU_MAX_HOSTDEVS];
static int nhostdevs;

static size_t len_of(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	uk_plat_console_write(s, len_of(s));
}

__attribute__((noreturn)) static void fail(const char *what, const char *arg)
{
	put("[uk-linuxu] ");
	put(what);
	if (arg) {
		put(": '");
		put(arg);
		put("'");
	}
	put("; platform parameters are --uk disk=PATH[:ro] ... --\n");
	uk_plat_exit(UK_EXIT_INIT_FAILED);
}

static int starts_with(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

static void add_disk(char *param)
{
	char *path = param + sizeof(DISK_PREFIX) - 1;
	size_t n = len_of(path);
	struct uk_linuxu_hostdev *d;
	int ro = 0;

	if (n >= 3 && path[n - 3] == ':' && path[n - 2] == 'r' && path[n - 1] == 'o') {
		ro = 1;
		path[n - 3] = '\0'; /* argv strings are ours to change */
		n -= 3;
	}
	if (!n)
		fail("disk= needs a file", param);
	if (nhostdevs == UK_LINUXU_MAX_HOSTDEVS)
		fail("too many devices", param);
	d = &hostdevs[nhostdevs++];
	d->kind = UK_LINUXU_HOST_DISK;
	d->path = path;
	d->readonly = ro;
}

int uk_linuxu_params(int argc, char **argv)
{
	int i;

	if (argc < 2 || !argv[1] || argv[1][0] != '-' || argv[1][1] != '-' ||
	    argv[1][2] != 'u' || argv[1][3] != 'k' || argv[1][4])
		return 0;
	for (i = 2; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] == '-' && !argv[i][2])
			return i;
		if (starts_with(argv[i], DISK_PREFIX))
			add_disk(argv[i]);
		else
			fail("unknown platform parameter", argv[i]);
	}
	fail("--uk without the -- that ends the platform parameters", 0);
}

int uk_linuxu_hostdev_count(void)
{
	return nhostdevs;
}

const struct uk_linuxu_hostdev *uk_linuxu_hostdev_get(int i)
{
	return &hostdevs[i];
}
