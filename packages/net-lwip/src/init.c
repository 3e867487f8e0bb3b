/*
 * Starts lwIP at boot: tcpip_init() initialises the stack (with the
 * loopback interface, 127.0.0.1) and creates its tcpip thread, which runs
 * once the scheduler starts main. After this, main may use the lwip_*
 * socket functions at once: with core locking they take the stack's lock
 * rather than waiting for the thread.
 */
#include <uk/init.h>
#include "lwip/tcpip.h"

static int net_lwip_init(void)
{
	tcpip_init(NULL, NULL);
	return 0;
}
UK_INIT(net_lwip_init, UK_INIT_LATE, UK_INIT_PRIO_FIRST);
