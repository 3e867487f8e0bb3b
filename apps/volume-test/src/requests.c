/*
 * The `requests TAG` command: how many 9P requests the image sent so far
 * to the device with mount tag TAG (@uk/9p's counters). The tests use it
 * to see that a volume is mounted on first use only: a program that never
 * touched the volume sent it none, not even the version and attach.
 */
#include <stdio.h>
#include <string.h>
#include <uk/9p.h>
#include "volume.h"

int print_requests(const char *tag)
{
	struct uk_9p_dev *dev = uk_9p_dev_find(tag, strlen(tag));

	if (!dev) {
		printf("requests %s: no such device\n", tag);
		return 0;
	}
	printf("requests %s %llu\n", tag, (unsigned long long)uk_9p_stats(dev)->requests);
	return 0;
}
