/* What the files of @uk/netdev-core share. */
#ifndef UK_NETDEV_CORE_H
#define UK_NETDEV_CORE_H

#include <uk/netdev_impl.h>

/* Device states, in the order the API allows. */
#define ND_REGISTERED 1
#define ND_CONFIGURED 2
#define ND_STARTED 3

/* Write a, b and c to the console (no libc here). */
void nd_say3(const char *a, const char *b, const char *c);

#endif
