/*
 * Thread cancellation as musl's own functions see it: uk threads
 * (@uk/pthread) are never cancelled, so the state a caller sets (musl's
 * getaddrinfo turns it off around a connect) changes nothing. Weak, so a
 * thread library that does cancel wins.
 */
#include <errno.h>
#include <pthread.h>

__attribute__((__weak__)) int pthread_setcancelstate(int state, int *old)
{
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	if (old)
		*old = PTHREAD_CANCEL_ENABLE;
	return 0;
}
