/* uname(): struct utsname with Linux's layout (65-byte fields). Implemented by @uk/posix-process. */
#ifndef _UK_LIBC_SYS_UTSNAME_H
#define _UK_LIBC_SYS_UTSNAME_H

#ifdef __cplusplus
extern "C" {
#endif

struct utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

int uname(struct utsname *u);

#ifdef __cplusplus
}
#endif

#endif
