/* Clock readings by Linux clock id, from the platform's two clocks. */
#include <uk/plat.h>
#include <uk/time.h>

int uk_time_clock_ns(int clk, uint64_t *ns)
{
	switch (clk) {
	case UK_TIME_CLOCK_REALTIME:
		*ns = uk_plat_wall_ns();
		return 0;
	case UK_TIME_CLOCK_MONOTONIC:
	case UK_TIME_CLOCK_MONOTONIC_RAW:
	case UK_TIME_CLOCK_BOOTTIME:
		*ns = uk_plat_monotonic_ns();
		return 0;
	default:
		return -UK_TIME_EINVAL;
	}
}
