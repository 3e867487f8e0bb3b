/* Internal interfaces between the files of the linuxu platform. */
#ifndef UK_LINUXU_H
#define UK_LINUXU_H

#include <stdint.h>

extern uint64_t uk_linuxu_entry_tsc;

void uk_linuxu_start(long *sp);
void uk_linuxu_cmdline_init(int argc, char **argv);
void uk_linuxu_heap_init(void);
void uk_linuxu_fault_init(void);
/* tp.c: how to set the FS base, from the auxiliary vector (AT_NULL-ended pairs). */
void uk_linuxu_tp_init(const long *auxv);

/*
 * params.c: consume the --uk ... -- block of argv (exits 124 on a bad
 * parameter); returns the index of its "--", or 0 when there is none.
 */
#define UK_LINUXU_MAX_HOSTDEVS 16
enum uk_linuxu_host_kind { UK_LINUXU_HOST_DISK = 1, UK_LINUXU_HOST_NET = 2, UK_LINUXU_HOST_VOLUME = 3 };
struct uk_linuxu_hostdev {
	enum uk_linuxu_host_kind kind;
	const char *path; /* disk: the file; net: tap:IFNAME or stream:/PATH; volume: TAG:FD:/EXPORT */
	int readonly;
};
int uk_linuxu_params(int argc, char **argv);
int uk_linuxu_hostdev_count(void);
const struct uk_linuxu_hostdev *uk_linuxu_hostdev_get(int i);

#endif
