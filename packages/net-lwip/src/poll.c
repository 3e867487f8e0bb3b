/*
 * uk_net_lwip_poll() and uk_net_lwip_wait(): the no-threads mode's drive
 * (see <uk/net_lwip_poll.h>). Poll receives from the netdev feature's
 * devices, the loopback interface, then runs the timers, all in the
 * caller's context. Wait halts the CPU (uk_plat_idle) until a device's
 * receive interrupt or lwIP's next timer, so an idle server costs its
 * host nothing; it halts only when every device can interrupt, and arms
 * them with interrupts off, so a frame that arrives in between ends the
 * halt at once. With a scheduler the tcpip and receive threads do all
 * this, and this file compiles to nothing.
 */
#include <uk/config.h>
#include "lwip/opt.h"

#if NO_SYS
#include <uk/net_lwip_poll.h>
#include <uk/plat.h>
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#ifdef CONFIG_UK_NET_LWIP_NETDEV
#include "netdev/netif.h"
#endif

#define NS_PER_MS 1000000ull

unsigned uk_net_lwip_poll(void)
{
	unsigned frames = 0;

#ifdef CONFIG_UK_NET_LWIP_NETDEV
	frames = netdev_netif_poll_all();
#endif
	netif_poll_all();
	sys_check_timeouts();
	return frames;
}

/* The timer's interrupt itself ends uk_plat_idle(): nothing to do here. */
static void timer_noop(void)
{
}

/* Loopback packets queued (by a callback) and not delivered yet. */
static int loopback_pending(void)
{
	struct netif *nif;

	NETIF_FOREACH(nif)
		if (nif->loop_first != NULL)
			return 1;
	return 0;
}

void uk_net_lwip_wait(void)
{
	static int timer_ready;
	u32_t ms = sys_timeouts_sleeptime();
	unsigned long flags;

#ifdef CONFIG_UK_NET_LWIP_NETDEV
	if (ms == 0)
		return;
	if (!timer_ready) {
		uk_plat_timer_set_handler(timer_noop); /* turns interrupt delivery on */
		timer_ready = 1;
	}
	flags = uk_plat_irq_save();
	if (!loopback_pending() && netdev_netif_arm_all()) {
		uk_plat_timer_set_deadline(ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? UK_PLAT_TIMER_NONE
										: uk_plat_monotonic_ns() + ms * NS_PER_MS);
		uk_plat_idle();
		uk_plat_timer_set_deadline(UK_PLAT_TIMER_NONE);
	}
	uk_plat_irq_restore(flags);
#else
	/* Loopback only: nothing from outside can wake a halt; the caller polls again. */
	(void)ms, (void)flags, (void)timer_ready, (void)loopback_pending;
#endif
}
#endif
