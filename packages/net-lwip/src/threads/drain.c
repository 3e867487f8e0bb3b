/*
 * At shutdown (UK_FINI), before the machine stops: what the program wrote
 * to TCP sockets, and the FIN of one it closed, may still wait in lwIP's
 * queues. write() and close() return once lwIP holds the bytes, as on
 * Linux, and lwIP sends them as the peer's acknowledgements open its
 * window (a fresh connection starts with three segments). A Linux kernel
 * keeps sending after the process ended; here the stack ends with the
 * image, so the rest of a reply would be lost. Shutdown therefore waits
 * until every connection's queued segments are acknowledged, looking
 * every DRAIN_LOOK_NS, at most DRAIN_NS (a peer that stopped reading must
 * not hold the image). With nothing queued it returns at once, without
 * letting another thread run.
 */
#include <stdint.h>
#include <uk/init.h>
#include <uk/sched.h>
#include "lwip/tcpip.h"
#include "lwip/priv/tcp_priv.h"

#define DRAIN_NS 5000000000ull
#define DRAIN_LOOK_NS 1000000ull

/* Whether a connection still has segments not sent or not acknowledged. */
static int tcp_queued(void)
{
	int queued = 0;

	LOCK_TCPIP_CORE();
	for (struct tcp_pcb *pcb = tcp_active_pcbs; pcb != NULL && !queued; pcb = pcb->next)
		queued = pcb->unsent != NULL || pcb->unacked != NULL;
	UNLOCK_TCPIP_CORE();
	return queued;
}

static void net_lwip_drain(void)
{
	uint64_t end = uk_sched_monotonic_ns() + DRAIN_NS;

	while (tcp_queued() && uk_sched_monotonic_ns() < end)
		uk_thread_sleep_ns(DRAIN_LOOK_NS);
}
/* After the atexit handlers (priority 9), which may still write; before stdio's flush. */
UK_FINI(net_lwip_drain, UK_INIT_PRIO_DEFAULT);
