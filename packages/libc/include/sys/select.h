/*
 * select(): readiness of descriptors below FD_SETSIZE, as bit sets laid out
 * like Linux's. Implemented by @uk/fdtab (select, pselect).
 */
#ifndef _UK_LIBC_SYS_SELECT_H
#define _UK_LIBC_SYS_SELECT_H

#include <sys/time.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FD_SETSIZE 1024
#define __UK_NFDBITS (8 * (int)sizeof(unsigned long))

typedef struct {
	unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(unsigned long))];
} fd_set;

#define FD_ZERO(s)                                                             \
	do {                                                                   \
		for (unsigned __i = 0; __i < sizeof((s)->fds_bits) / sizeof(unsigned long); __i++) \
			(s)->fds_bits[__i] = 0;                                \
	} while (0)
#define FD_SET(fd, s) ((void)((s)->fds_bits[(fd) / __UK_NFDBITS] |= 1UL << ((fd) % __UK_NFDBITS)))
#define FD_CLR(fd, s) ((void)((s)->fds_bits[(fd) / __UK_NFDBITS] &= ~(1UL << ((fd) % __UK_NFDBITS))))
#define FD_ISSET(fd, s) (((s)->fds_bits[(fd) / __UK_NFDBITS] & (1UL << ((fd) % __UK_NFDBITS))) != 0)

int select(int nfds, fd_set *__restrict rd, fd_set *__restrict wr, fd_set *__restrict ex,
	   struct timeval *__restrict timeout);
int pselect(int nfds, fd_set *__restrict rd, fd_set *__restrict wr, fd_set *__restrict ex,
	    const struct timespec *__restrict timeout, const sigset_t *__restrict sigmask);

#ifdef __cplusplus
}
#endif

#endif
