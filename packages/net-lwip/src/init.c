/*
 * Starts lwIP at boot (UK_INIT, level LATE). With a scheduler,
 * tcpip_init() initialises the stack (with the loopback interface,
 * 127.0.0.1) and creates its tcpip thread, which runs once the scheduler
 * starts main; main may use the lwip_* socket functions at once, since
 * with core locking they take the stack's lock rather than waiting for the
 * thread. Without one (NO_SYS), lwip_init() does the same work in place and
 * the app's loop drives the stack with uk_net_lwip_poll().
 */
#include <uk/init.h>
#include "lwip/init.h"
#if !NO_SYS
#include "lwip/tcpip.h"
#endif

static int net_lwip_init(void)
{
#if NO_SYS
	lwip_init();
#else
	tcpip_init(NULL, NULL);
#endif
	return 0;
}
UK_INIT(net_lwip_init, UK_INIT_LATE, UK_INIT_PRIO_FIRST);
