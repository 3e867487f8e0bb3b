/*
 * At shutdown (UK_FINI), after lwIP's own drain: packets lwIP handed to a
 * device may still sit in its queue, since a device sends in its own time
 * (QEMU from its own thread). The machine stopping would drop them, and
 * with them a program's last datagram (an echo's answer to "quit" was
 * lost this way on a loaded host). So shutdown waits until the devices
 * have given every packet back, looking without sleeping (there may be no
 * scheduler), at most TX_FLUSH_CYCLES: cycles, not nanoseconds, so that
 * waiting never makes the platform calibrate its clock; 2^32 is one to
 * four seconds.
 */
#include <uk/init.h>
#include <uk/plat.h>
#include "netif.h"

#define TX_FLUSH_CYCLES (1ull << 32)

static void net_netdev_tx_flush(void)
{
	uint64_t start = uk_plat_cycles();

	NETDEV_LOCK();
	while (netdev_netif_tx_collect() > 0 && uk_plat_cycles() - start < TX_FLUSH_CYCLES)
		;
	NETDEV_UNLOCK();
}
/* After net-lwip's TCP drain (UK_INIT_PRIO_DEFAULT) and the atexit handlers; before stdio's flush (0). */
UK_FINI(net_netdev_tx_flush, UK_INIT_PRIO_FIRST + 1);
