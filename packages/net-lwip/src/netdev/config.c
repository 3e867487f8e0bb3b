/*
 * Brings up one netif per @uk/netdev device at boot, after tcpip_init
 * (init.c), and gives it an IPv4 address: the first device takes the
 * library parameters net.ip=ADDR/PREFIXLEN and net.gw=ADDR when given
 * (net.dns=ADDR is checked and kept for a resolver, which lwIP is built
 * without today), every other device and a first one without net.ip asks
 * DHCP. Boot waits for the first device's address (at most
 * DHCP_WAIT_MS) so that main can bind and connect at once (without a
 * scheduler, by driving the stack with uk_net_lwip_poll() and
 * uk_net_lwip_wait() meanwhile); a malformed
 * parameter stops boot with a message naming it. With the ipv6 feature,
 * every device also gets a link-local IPv6 address from its MAC and a
 * global one by stateless autoconfiguration once a router advertises a
 * prefix (QEMU's user networking does); boot does not wait for those.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <uk/init.h>
#include <uk/netdev.h>
#include <uk/plat.h>
#include "lwip/dhcp.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "netif.h"
#if NO_SYS
#include <uk/net_lwip_poll.h>
#else
#include <uk/sched.h>
#endif

#define DHCP_WAIT_MS 10000
#define DHCP_POLL_NS 2000000ull

/* "a.b.c.d" into *a; 0, or -EINVAL with a message naming key. */
static int parse_addr(const char *key, const char *text, ip4_addr_t *a)
{
	struct in_addr in;

	if (inet_pton(AF_INET, text, &in) != 1) {
		printf("net-lwip: %s=%s is not an IPv4 address (e.g., %s=10.0.2.2)\n", key, text, key);
		return -EINVAL;
	}
	ip4_addr_set_u32(a, in.s_addr);
	return 0;
}

/* "a.b.c.d/len" into address and netmask. */
static int parse_cidr(const char *text, ip4_addr_t *addr, ip4_addr_t *mask)
{
	char buf[INET_ADDRSTRLEN + 4], *slash, *end;
	long len;

	struct in_addr in;

	if (strlen(text) >= sizeof(buf) || (slash = strchr(strcpy(buf, text), '/')) == NULL) {
		printf("net-lwip: net.ip=%s needs a prefix length (e.g., net.ip=10.0.2.15/24)\n", text);
		return -EINVAL;
	}
	*slash = '\0';
	len = strtol(slash + 1, &end, 10);
	if (slash[1] == '\0' || *end != '\0' || len < 1 || len > 32 || inet_pton(AF_INET, buf, &in) != 1) {
		printf("net-lwip: net.ip=%s is not an IPv4 address with a prefix length (e.g., net.ip=10.0.2.15/24)\n", text);
		return -EINVAL;
	}
	ip4_addr_set_u32(mask, lwip_htonl(len == 32 ? 0xffffffffu : ~(0xffffffffu >> len)));
	ip4_addr_set_u32(addr, in.s_addr);
	return 0;
}

#if !NO_SYS
/*
 * The boot thread's wait for DHCP ends as soon as the stack thread binds
 * the address (lwIP's status callback) rather than at its next 2 ms look.
 */
static struct uk_sem status_changed;

static void on_status(struct netif *nif)
{
	(void)nif;
	uk_sem_up(&status_changed);
}
#endif

static void say_address(const struct netif *nif, const char *device, const char *how)
{
	char ip[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
	uint32_t mask = lwip_ntohl(ip4_addr_get_u32(netif_ip4_netmask(nif)));
	int len = 0;

	while (len < 32 && (mask & (0x80000000u >> len)))
		len++;
	ip4addr_ntoa_r(netif_ip4_addr(nif), ip, sizeof(ip));
	ip4addr_ntoa_r(netif_ip4_gw(nif), gw, sizeof(gw));
	printf("net-lwip: %s %s/%d gateway %s (%s)\n", device, ip, len, gw, how);
}

static int net_netdev_init(void)
{
	const char *ip = uk_plat_param("net.ip"), *gw = uk_plat_param("net.gw"), *dns = uk_plat_param("net.dns");
	ip4_addr_t addr, mask, gateway, server;
	struct netif *first = NULL;
	const char *first_name = NULL;
	unsigned count = uk_netdev_count();
	int r;

	ip4_addr_set_zero(&gateway);
	if (ip != NULL && (r = parse_cidr(ip, &addr, &mask)) != 0)
		return r;
	if (gw != NULL && (r = parse_addr("net.gw", gw, &gateway)) != 0)
		return r;
	if (dns != NULL && (r = parse_addr("net.dns", dns, &server)) != 0)
		return r;
	if ((gw != NULL || dns != NULL) && ip == NULL) {
		printf("net-lwip: net.gw and net.dns need net.ip too (e.g., net.ip=10.0.2.15/24 net.gw=10.0.2.2)\n");
		return -EINVAL;
	}
	for (unsigned i = 0; i < count; i++) {
		struct uk_netdev *dev = uk_netdev_get(i);
		struct netif *nif = netdev_netif_add(dev, i);

		if (nif == NULL)
			continue;
		NETDEV_LOCK();
		if (first == NULL) {
			first = nif;
			first_name = uk_netdev_info(dev)->name;
			netif_set_default(nif);
		}
#if !NO_SYS
		if (nif == first && ip == NULL) {
			uk_sem_init(&status_changed, 0);
			netif_set_status_callback(nif, on_status);
		}
#endif
		netif_set_up(nif);
#if LWIP_IPV6
		/* A link-local address from the MAC now; a global one when a router advertises a prefix (SLAAC). */
		netif_create_ip6_linklocal_address(nif, 1);
		netif_set_ip6_autoconfig_enabled(nif, 1);
#endif
		if (nif == first && ip != NULL)
			netif_set_addr(nif, &addr, &mask, &gateway);
		else
			dhcp_start(nif);
		NETDEV_UNLOCK();
		if (nif == first && ip != NULL)
			say_address(nif, first_name, "static");
	}
	if (first == NULL || ip != NULL)
		return 0;
	for (uint64_t start = uk_plat_monotonic_ns(); !dhcp_supplied_address(first);) {
		uint64_t now = uk_plat_monotonic_ns();

		if (now - start >= DHCP_WAIT_MS * 1000000ull) {
			printf("net-lwip: no DHCP answer on %s within %d s; going on without an address "
			       "(net.ip=ADDR/LEN and net.gw=ADDR set one)\n", first_name, DHCP_WAIT_MS / 1000);
			return 0;
		}
#if NO_SYS
		if (uk_net_lwip_poll() == 0) /* nothing else runs: drive the stack here */
			uk_net_lwip_wait();
#else
		uk_sem_down_until(&status_changed, now + DHCP_POLL_NS);
#endif
	}
#if !NO_SYS
	NETDEV_LOCK();
	netif_set_status_callback(first, NULL);
	NETDEV_UNLOCK();
#endif
	say_address(first, first_name, "dhcp");
	return 0;
}
UK_INIT(net_netdev_init, UK_INIT_LATE, UK_INIT_PRIO_FIRST + 1);
