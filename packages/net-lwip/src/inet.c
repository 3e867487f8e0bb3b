/*
 * Text forms of Internet addresses for <arpa/inet.h>. IPv4 text is parsed
 * here strictly (inet_pton takes exactly four decimal parts, as POSIX
 * says, where lwIP's parser also takes the old short and hex forms that
 * inet_aton/inet_addr keep); IPv6 goes to lwIP's parser and printer, so it
 * needs the ipv6 feature and the threaded stack, whose sockets carry that
 * parser (EAFNOSUPPORT without them). Weak, like the POSIX names of the
 * socket calls: a C library with its own (musl) wins.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lwip/inet.h"
#include "lwip/ip_addr.h"
#include "lwip/sockets.h"

const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;
#if !LWIP_IPV6
/* lwIP defines in6addr_any itself when it has IPv6. */
const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
#endif

/* "a.b.c.d", each 0..255 in decimal without leading zeros; 1 or 0. */
static int pton4(const char *s, unsigned char out[4])
{
	for (int part = 0; part < 4; part++) {
		unsigned v = 0;
		int digits = 0;

		if (part > 0 && *s++ != '.')
			return 0;
		while (*s >= '0' && *s <= '9') {
			if (digits > 0 && v == 0)
				return 0; /* a leading zero */
			v = v * 10 + (unsigned)(*s++ - '0');
			if (++digits > 3 || v > 255)
				return 0;
		}
		if (digits == 0)
			return 0;
		out[part] = (unsigned char)v;
	}
	return *s == '\0';
}

__attribute__((weak)) int inet_pton(int af, const char *src, void *dst)
{
	if (af == AF_INET)
		return pton4(src, dst);
	if (af == AF_INET6) {
#if LWIP_IPV6 && LWIP_SOCKET
		return lwip_inet_pton(af, src, dst);
#endif
	}
	errno = EAFNOSUPPORT;
	return -1;
}

__attribute__((weak)) const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	if (af == AF_INET) {
		const unsigned char *b = src;
		char text[INET_ADDRSTRLEN];
		int n = snprintf(text, sizeof(text), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);

		if ((socklen_t)n >= size) {
			errno = ENOSPC;
			return NULL;
		}
		memcpy(dst, text, (size_t)n + 1);
		return dst;
	}
#if LWIP_IPV6 && LWIP_SOCKET
	if (af == AF_INET6)
		return lwip_inet_ntop(af, src, dst, size);
#endif
	errno = EAFNOSUPPORT;
	return NULL;
}

__attribute__((weak)) in_addr_t inet_addr(const char *cp)
{
	return ipaddr_addr(cp);
}

__attribute__((weak)) int inet_aton(const char *cp, struct in_addr *inp)
{
	ip4_addr_t a;

	if (!ip4addr_aton(cp, &a))
		return 0;
	if (inp != NULL)
		inp->s_addr = ip4_addr_get_u32(&a);
	return 1;
}

__attribute__((weak)) char *inet_ntoa(struct in_addr in)
{
	static char text[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &in, text, sizeof(text));
	return text;
}
