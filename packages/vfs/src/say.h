/* Private to @uk/vfs: console messages without stdio, and small formatting. */
#ifndef UK_VFS_SAY_H
#define UK_VFS_SAY_H

#include <stddef.h>

/* Write a, b and c to the console. */
void vfs_say(const char *a, const char *b, const char *c);
/* prefix followed by the decimal i, NUL-terminated, into buf. */
void vfs_fmt_key(char *buf, size_t size, const char *prefix, int i);
/* Unpack the platform's initrd into "/" (initrd feature). */
int vfs_boot_initrd(void);

#endif
