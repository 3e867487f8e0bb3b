/*
 * uk_net_lwip_poll() and uk_net_lwip_wait(): the no-threads mode's drive
 * (see <uk/net_lwip_poll.h>). Poll receives from the netdev feature's
 * devices, the loopback interface, then runs the timers, all in the
 * caller's context. Wait halts the CPU (uk_plat_idle) until a device's
 * receive interrupt, lwIP's next timer, or at most RX_WAIT_NS (an
 * interrupt that never comes: netdev/netif.h), so an idle server costs its
 * host ~50 short looks a second; it arms the devices with interrupts
 * off, so a frame that arrives in between ends the halt at once. A device that cannot
 * interrupt (linuxu) is polled as the threaded receive thread polls it:
 * POLL_SPIN empty rounds at full speed, then sleeps of POLL_SLEEP_NS
 * (the most a frame then waits), and after IDLE_SLEEPS of those (~10 ms
 * without a frame) sleeps of IDLE_SLEEP_NS: measured on linuxu, an idle
 * server took 5.6% of a CPU with 200 us sleeps, 1.8% with 1 ms ones. With a scheduler the tcpip and receive
 * threads do all this, and this file compiles to nothing.
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
/* Polled devices (POLL_SPIN, POLL_SLEEP_NS: netdev/netif.h), and once long idle, longer sleeps. */
#define IDLE_SLEEPS 50
#define IDLE_SLEEP_NS 1000000ull

/* Rounds in a row that found no frame. */
static unsigned empty_rounds;

unsigned uk_net_lwip_poll(void)
{
	unsigned frames = 0;

#ifdef CONFIG_UK_NET_LWIP_NETDEV
	frames = netdev_netif_poll_all();
	if (frames > 0)
		empty_rounds = 0;
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
	if (!loopback_pending()) {
		uint64_t now = uk_plat_monotonic_ns();
		uint64_t due = ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE ? UK_PLAT_TIMER_NONE : now + ms * NS_PER_MS;
		int armed = netdev_netif_arm_all();

		if (armed < 0 && empty_rounds < POLL_SPIN + IDLE_SLEEPS)
			empty_rounds++;
		if (armed < 0 && empty_rounds >= POLL_SPIN) {
			/* A polled device: look again after a short sleep, a longer one once long idle. */
			uint64_t nap = empty_rounds < POLL_SPIN + IDLE_SLEEPS ? POLL_SLEEP_NS : IDLE_SLEEP_NS;

			if (now + nap < due)
				due = now + nap;
		}
		if (armed > 0 && now + RX_WAIT_NS < due)
			due = now + RX_WAIT_NS; /* an interrupt that never comes: netdev/netif.h */
		if (armed > 0 || (armed < 0 && empty_rounds >= POLL_SPIN)) {
			uk_plat_timer_set_deadline(due);
			uk_plat_idle();
			uk_plat_timer_set_deadline(UK_PLAT_TIMER_NONE);
		}
	}
	uk_plat_irq_restore(flags);
#else
	/* Loopback only: nothing from outside can wake a halt; the caller polls again. */
	(void)ms, (void)flags, (void)timer_ready, (void)loopback_pending;
#endif
}
#endif
