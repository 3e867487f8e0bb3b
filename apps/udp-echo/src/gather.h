/* Answers sent as two pieces (gather), to exercise a driver's scatter-gather transmit. */
#ifndef UDP_ECHO_GATHER_H
#define UDP_ECHO_GATHER_H

#include <uk/netdev.h>

/*
 * Move the first head bytes of nb into a header buffer of their own and
 * return it, with nb (the rest) chained behind it: one packet in two
 * pieces. Returns nb unchanged when it is not longer than head or no
 * header buffer is free. Releasing the returned head releases both.
 */
struct uk_netbuf *gather_split(struct uk_netbuf *nb, unsigned head);

#endif
