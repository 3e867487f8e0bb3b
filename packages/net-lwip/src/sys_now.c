/*
 * lwIP's millisecond clock, which its timers (TCP, ARP, DHCP) run on in
 * both modes, threaded or not: @uk/plat's monotonic clock.
 */
#include <uk/plat.h>
#include "lwip/sys.h"

#define NS_PER_MS 1000000ull

u32_t sys_now(void)
{
	return (u32_t)(uk_plat_monotonic_ns() / NS_PER_MS);
}

u32_t sys_jiffies(void)
{
	return sys_now();
}
