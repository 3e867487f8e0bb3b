/*
 * ioctl() and the request numbers uk's descriptors understand, with Linux's
 * values. ioctl() is implemented by @uk/fdtab (FIONBIO, FIOCLEX and
 * FIONCLEX for every descriptor; the rest by the file's own operations).
 */
#ifndef _UK_LIBC_SYS_IOCTL_H
#define _UK_LIBC_SYS_IOCTL_H

#ifdef __cplusplus
extern "C" {
#endif

#define TCGETS 0x5401
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define TIOCINQ FIONREAD
#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
#define FIOASYNC 0x5452

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

int ioctl(int fd, unsigned long req, ...);

#ifdef __cplusplus
}
#endif

#endif
