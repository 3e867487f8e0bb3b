/*
 * uk_plat_host_fence on linuxu: the image is a host process, so its fence
 * instructions are the host's; a sequentially consistent fence orders a
 * store before a later load for every other host thread.
 */
#include <uk/plat.h>

void uk_plat_host_fence(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
