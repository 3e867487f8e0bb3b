/* getrandom(), with Linux's flag values. Implemented by @uk/posix-process. */
#ifndef _UK_LIBC_SYS_RANDOM_H
#define _UK_LIBC_SYS_RANDOM_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GRND_NONBLOCK 0x01
#define GRND_RANDOM 0x02
#define GRND_INSECURE 0x04

ssize_t getrandom(void *buf, size_t len, unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif
