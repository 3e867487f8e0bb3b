/*
 * Host name lookup for musl's getaddrinfo (its __lookup_name; musl's
 * lookup_name.c is not compiled). A unikernel has no /etc/hosts and no
 * resolver to ask, so a host is one of: none (the wildcard address with
 * AI_PASSIVE, else loopback), a numeric address (musl's own parser), or
 * "localhost" (the loopback addresses, as a stock hosts file lists them).
 * Any other name is EAI_NONAME, as with @uk/libc. With AI_V4MAPPED an
 * AF_INET6 request also takes IPv4 results, as mapped addresses.
 */
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "lookup.h"

/* The wildcard (any) or loopback address of each family the request allows: IPv4 first. */
static int fixed_addresses(struct address *buf, int family, int any)
{
	int n = 0;

	if (family != AF_INET6) {
		buf[n] = (struct address){ .family = AF_INET };
		if (!any)
			buf[n].addr[0] = 127, buf[n].addr[3] = 1;
		n++;
	}
	if (family != AF_INET) {
		buf[n] = (struct address){ .family = AF_INET6 };
		if (!any)
			buf[n].addr[15] = 1;
		n++;
	}
	return n;
}

/* How many addresses, or a (negative) EAI_ code. */
static int lookup(struct address *buf, const char *name, int family, int flags)
{
	int n;

	if (!name)
		return fixed_addresses(buf, family, flags & AI_PASSIVE);
	n = __lookup_ipliteral(buf, name, family);
	if (n != 0)
		return n;
	if (!(flags & AI_NUMERICHOST) && !strcmp(name, "localhost"))
		return fixed_addresses(buf, family, 0);
	return EAI_NONAME;
}

/* AF_INET6 with AI_V4MAPPED: IPv4 results become ::ffff:a.b.c.d, dropped when there is IPv6 and not AI_ALL. */
static int map_v4(struct address *buf, int n, int flags)
{
	int v6 = 0, kept = 0;

	for (int i = 0; i < n; i++)
		v6 |= buf[i].family == AF_INET6;
	for (int i = 0; i < n; i++) {
		struct address a = buf[i];

		if (a.family == AF_INET) {
			if (v6 && !(flags & AI_ALL))
				continue;
			memmove(a.addr + 12, a.addr, 4);
			memset(a.addr, 0, 10);
			a.addr[10] = a.addr[11] = 0xff;
			a.family = AF_INET6;
		}
		buf[kept++] = a;
	}
	return kept;
}

int __lookup_name(struct address buf[static MAXADDRS], char canon[static 256], const char *name, int family, int flags)
{
	int mapped = family == AF_INET6 && (flags & AI_V4MAPPED);
	int n;

	*canon = 0;
	if (name) {
		size_t len = strnlen(name, 255);

		if (len == 0 || len > 254)
			return EAI_NONAME;
		memcpy(canon, name, len + 1);
	}
	n = lookup(buf, name, mapped ? AF_UNSPEC : family, flags);
	if (n > 0 && mapped)
		n = map_v4(buf, n, flags);
	return n;
}
