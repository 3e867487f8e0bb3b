/*
 * Platform parameters of a linuxu image: `IMAGE --uk PARAM... -- ARGS...`.
 * What `uk run` puts between --uk and -- is consumed here, before the
 * command line is built, so main's argv starts after the --. Two sorts:
 *   - host resources the image may use, offered to drivers through @uk/bus
 *     (bus.c) in the order given: disk=PATH[:ro], net=tap:IFNAME,
 *     net=stream:/ABS/SOCKET, volume=TAG:FD:/EXPORT[:ro] (a 9P server
 *     connected on descriptor FD, which @uk/9p-linuxu checks);
 *   - library parameters, whose key has a dot (net.ip=10.0.2.15/24): kept
 *     for uk_plat_param(), which also answers for the platform's own keys.
 * A parameter this platform does not know stops the image with
 * UK_EXIT_INIT_FAILED (an init failure): silently ignoring a disk would be
 * worse.
 */
#include <uk/exit.h>
#include <uk/plat.h>
#include "linuxu.h"

#define DISK_PREFIX "disk="
#define NET_PREFIX "net="
#define INITRD_PREFIX "initrd="
#define VOLUME_PREFIX "volume="
#define PARAMS_MAX 64
#define IFNAME_MAX 15 /* Linux's IFNAMSIZ less the terminator */

static struct uk_linuxu_hostdev hostdevs[UK_LINUXU_MAX_HOSTDEVS];
static int nhostdevs;
static const char *params[PARAMS_MAX];
static int nparams;

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
	put("; platform parameters are --uk disk=PATH[:ro] net=tap:IFNAME net=stream:/PATH volume=TAG:FD:/EXPORT[:ro] initrd=PATH key.name=VALUE ... --\n");
	uk_plat_exit(UK_EXIT_INIT_FAILED);
}

static int starts_with(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

static struct uk_linuxu_hostdev *new_hostdev(const char *param)
{
	if (nhostdevs == UK_LINUXU_MAX_HOSTDEVS)
		fail("too many devices", param);
	return &hostdevs[nhostdevs++];
}

/* A PREFIX=VALUE[:ro] resource: VALUE, which must not be empty, as the device's path. */
static void add_path_dev(char *param, size_t prefix, enum uk_linuxu_host_kind kind, const char *empty)
{
	char *path = param + prefix;
	size_t n = len_of(path);
	struct uk_linuxu_hostdev *d;
	int ro = 0;

	if (n >= 3 && path[n - 3] == ':' && path[n - 2] == 'r' && path[n - 1] == 'o') {
		ro = 1;
		path[n - 3] = '\0'; /* argv strings are ours to change */
		n -= 3;
	}
	if (!n)
		fail(empty, param);
	d = new_hostdev(param);
	d->kind = kind;
	d->path = path;
	d->readonly = ro;
}

/* net=tap:IFNAME or net=stream:/ABS/PATH; the driver reads the value as is. */
static void add_net(const char *param)
{
	const char *v = param + sizeof(NET_PREFIX) - 1;
	struct uk_linuxu_hostdev *d;

	if (starts_with(v, "tap:")) {
		size_t n = len_of(v + 4);

		if (!n || n > IFNAME_MAX)
			fail("net=tap: needs an interface name of 1 to 15 characters", param);
	} else if (starts_with(v, "stream:")) {
		if (v[7] != '/')
			fail("net=stream: needs an absolute socket path", param);
	} else {
		fail("net= takes tap:IFNAME or stream:/PATH", param);
	}
	d = new_hostdev(param);
	d->kind = UK_LINUXU_HOST_NET;
	d->path = v;
	d->readonly = 0;
}

/* KEY=VALUE with a dot in KEY: a library parameter. */
static int library_param(const char *param)
{
	int dot = 0;

	for (const char *p = param; *p; p++) {
		if (*p == '=')
			return dot && p != param;
		if (*p == '.')
			dot = 1;
	}
	return 0;
}

static void keep(const char *param)
{
	if (nparams == PARAMS_MAX)
		fail("too many platform parameters", param);
	params[nparams++] = param;
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
			add_path_dev(argv[i], sizeof(DISK_PREFIX) - 1, UK_LINUXU_HOST_DISK, "disk= needs a file");
		else if (starts_with(argv[i], VOLUME_PREFIX))
			add_path_dev(argv[i], sizeof(VOLUME_PREFIX) - 1, UK_LINUXU_HOST_VOLUME,
				     "volume= needs TAG:FD:/EXPORT");
		else if (starts_with(argv[i], NET_PREFIX))
			add_net(argv[i]);
		else if (starts_with(argv[i], INITRD_PREFIX)) {
			if (!argv[i][sizeof(INITRD_PREFIX) - 1])
				fail("initrd= needs a file", argv[i]);
		}
		else if (!library_param(argv[i]))
			fail("unknown platform parameter (library parameters have a dot in their key)", argv[i]);
		keep(argv[i]);
	}
	fail("--uk without the -- that ends the platform parameters", 0);
}

const char *uk_plat_param(const char *key)
{
	for (int i = nparams; i-- > 0;) {
		const char *p = params[i], *k = key;

		while (*k && *p == *k)
			p++, k++;
		if (!*k && *p == '=')
			return p + 1;
	}
	return 0;
}

int uk_linuxu_hostdev_count(void)
{
	return nhostdevs;
}

const struct uk_linuxu_hostdev *uk_linuxu_hostdev_get(int i)
{
	return &hostdevs[i];
}
