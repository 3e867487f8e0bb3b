/*
 * getaddrinfo/freeaddrinfo/gai_strerror for numeric hosts and services
 * (there is no resolver: a name other than "localhost" gives EAI_NONAME).
 * A NULL host is the wildcard address with AI_PASSIVE and the loopback
 * address without. Without a socket type in the hints, one result for TCP
 * and one for UDP, as glibc gives. Each result is one allocation holding
 * the addrinfo and its address, so freeaddrinfo frees one block a result.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include "lwip/opt.h"

struct result {
	struct addrinfo ai;
	union {
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} addr;
};

static const int ACCEPTED_FLAGS = AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | AI_NUMERICSERV;

/* The port of a numeric service (NULL: 0); -1 when it is not a number 0..65535. */
static long port_of(const char *service)
{
	char *end;
	long port;

	if (service == NULL)
		return 0;
	if (*service < '0' || *service > '9')
		return -1;
	port = strtol(service, &end, 10);
	return *end != '\0' || port > 65535 ? -1 : port;
}

/* Fill addr (family AF_INET or AF_INET6) from node; 0 or an EAI_ code. */
static int address_of(const char *node, int flags, int *family, unsigned char addr[16])
{
	memset(addr, 0, 16);
	if (node == NULL) {
		if (*family == AF_UNSPEC)
			*family = AF_INET;
		if (!(flags & AI_PASSIVE)) {
			if (*family == AF_INET)
				memcpy(addr, &(in_addr_t){ htonl(INADDR_LOOPBACK) }, 4);
			else
				addr[15] = 1;
		}
		return 0;
	}
	if ((*family == AF_UNSPEC || *family == AF_INET) && inet_pton(AF_INET, node, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
#if LWIP_IPV6
	if ((*family == AF_UNSPEC || *family == AF_INET6) && inet_pton(AF_INET6, node, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
#endif
	if (!(flags & AI_NUMERICHOST) && strcmp(node, "localhost") == 0)
		return address_of(NULL, 0, family, addr);
	return EAI_NONAME;
}

static struct addrinfo *result_new(int family, const unsigned char addr[16], long port, int socktype, int protocol)
{
	struct result *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->ai.ai_family = family;
	r->ai.ai_socktype = socktype;
	r->ai.ai_protocol = protocol != 0 ? protocol : socktype == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP;
	r->ai.ai_addr = (struct sockaddr *)&r->addr;
	if (family == AF_INET) {
		r->addr.in.sin_family = AF_INET;
		r->addr.in.sin_port = htons((uint16_t)port);
		memcpy(&r->addr.in.sin_addr, addr, 4);
		r->ai.ai_addrlen = sizeof(r->addr.in);
	} else {
		r->addr.in6.sin6_family = AF_INET6;
		r->addr.in6.sin6_port = htons((uint16_t)port);
		memcpy(&r->addr.in6.sin6_addr, addr, 16);
		r->ai.ai_addrlen = sizeof(r->addr.in6);
	}
	return &r->ai;
}

__attribute__((weak)) int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res)
{
	static const int both[] = { SOCK_STREAM, SOCK_DGRAM };
	struct addrinfo none = { 0 }, *head = NULL, **tail = &head;
	int family, err;
	long port;
	unsigned char addr[16];

	if (hints == NULL)
		hints = &none;
	if (hints->ai_flags & ~ACCEPTED_FLAGS)
		return EAI_BADFLAGS;
	if (node == NULL && service == NULL)
		return EAI_NONAME;
	family = hints->ai_family;
	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
		return EAI_FAMILY;
	if (hints->ai_socktype != 0 && hints->ai_socktype != SOCK_STREAM && hints->ai_socktype != SOCK_DGRAM)
		return EAI_SOCKTYPE;
	port = port_of(service);
	if (port < 0)
		return EAI_SERVICE;
	err = address_of(node, hints->ai_flags, &family, addr);
	if (err != 0)
		return err;
	for (unsigned i = 0; i < 2; i++) {
		int socktype = hints->ai_socktype != 0 ? hints->ai_socktype : both[i];

		*tail = result_new(family, addr, port, socktype, hints->ai_protocol);
		if (*tail == NULL) {
			freeaddrinfo(head);
			return EAI_MEMORY;
		}
		tail = &(*tail)->ai_next;
		if (hints->ai_socktype != 0)
			break;
	}
	*res = head;
	return 0;
}

__attribute__((weak)) void freeaddrinfo(struct addrinfo *res)
{
	while (res != NULL) {
		struct addrinfo *next = res->ai_next;

		free(res); /* the struct result that begins with it */
		res = next;
	}
}

__attribute__((weak)) const char *gai_strerror(int code)
{
	switch (code) {
	case 0:
		return "success";
	case EAI_BADFLAGS:
		return "unknown flag in ai_flags";
	case EAI_NONAME:
		return "host not known (only numeric addresses and localhost are)";
	case EAI_AGAIN:
		return "name lookup failed for now";
	case EAI_FAIL:
		return "name lookup failed";
	case EAI_FAMILY:
		return "address family not supported";
	case EAI_SOCKTYPE:
		return "socket type not supported";
	case EAI_SERVICE:
		return "service is not a port number";
	case EAI_MEMORY:
		return "out of memory";
	case EAI_SYSTEM:
		return "system error (see errno)";
	case EAI_OVERFLOW:
		return "buffer too small";
	default:
		return "unknown getaddrinfo error";
	}
}
