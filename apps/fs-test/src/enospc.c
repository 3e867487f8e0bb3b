/*
 * enospc DIR: DIR is a small ramfs (mounted with a size as its source).
 * Writing past its size fails with ENOSPC after a short write, the image
 * keeps running, and removing the file gives the space back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

static long fill(const char *path, int *err)
{
	static char chunk[4096];
	long total = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	*err = 0;
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	memset(chunk, 'z', sizeof(chunk));
	for (;;) {
		ssize_t k = write(fd, chunk, sizeof(chunk));

		if (k < 0) {
			*err = errno;
			break;
		}
		total += k;
		if (total > 64L << 20)
			break; /* no limit at all: the test fails on the missing error */
	}
	close(fd);
	return total;
}

int enospc(const char *dir)
{
	char path[256], other[256];
	long first, second;
	int err, fd;

	snprintf(path, sizeof(path), "%s/big", dir);
	snprintf(other, sizeof(other), "%s/other", dir);
	first = fill(path, &err);
	printf("first fill: %ld bytes, %s\n", first, err == ENOSPC ? "ENOSPC" : strerror(err));
	fd = open(other, O_WRONLY | O_CREAT, 0644);
	printf("create when full: %s\n", fd < 0 ? (errno == ENOSPC ? "ENOSPC" : strerror(errno)) : "ok");
	if (fd >= 0)
		close(fd);
	printf("unlink: %d\n", unlink(path));
	second = fill(path, &err);
	printf("second fill: %s, %s\n", second >= first - 8192 ? "same size" : "smaller",
	       err == ENOSPC ? "ENOSPC" : strerror(err));
	return first > 0 && err == ENOSPC ? 0 : 1;
}
