/* gettimeofday: the wall clock in microseconds; the time zone is always UTC. */
#include <sys/time.h>
#include <uk/plat.h>

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	if (tv) {
		uint64_t ns = uk_plat_wall_ns();

		tv->tv_sec = (time_t)(ns / 1000000000ull);
		tv->tv_usec = (suseconds_t)(ns % 1000000000ull / 1000);
	}
	if (tz) {
		struct timezone *z = tz;

		z->tz_minuteswest = 0;
		z->tz_dsttime = 0;
	}
	return 0;
}
