/*
 * Text forms of Internet addresses: inet_pton/inet_ntop for IPv4 and
 * IPv6, and the older IPv4-only inet_addr/inet_aton/inet_ntoa. Implemented
 * by @uk/net-lwip.
 */
#ifndef _UK_LIBC_ARPA_INET_H
#define _UK_LIBC_ARPA_INET_H

#include <netinet/in.h>

#ifdef __cplusplus
extern "C" {
#endif

int inet_pton(int af, const char *src, void *dst);
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
in_addr_t inet_addr(const char *cp);
int inet_aton(const char *cp, struct in_addr *inp);
char *inet_ntoa(struct in_addr in);

#ifdef __cplusplus
}
#endif

#endif
