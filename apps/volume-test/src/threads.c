/*
 * threads DIR N SIZE: N threads at once each write DIR/tK (SIZE pattern
 * bytes in 8 KiB writes, yielding between them, so their 9P requests
 * interleave), then read it back through a second descriptor and compare.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "volume.h"

#define MAX 16
#define PIECE 8192

struct job {
	const char *dir;
	int k;
	unsigned long size;
	int bad;
};

static void *work(void *arg)
{
	struct job *j = arg;
	unsigned char piece[PIECE], back[PIECE];
	char path[256];
	int fd, rd;

	snprintf(path, sizeof(path), "%s/t%d", j->dir, j->k);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		j->bad = 1;
		return 0;
	}
	for (unsigned long off = 0; off < j->size; off += PIECE) {
		size_t n = j->size - off < PIECE ? j->size - off : PIECE;

		for (size_t i = 0; i < n; i++)
			piece[i] = put_byte((unsigned long long)j->k, off + i);
		if (write(fd, piece, n) != (ssize_t)n)
			j->bad = 1;
		sched_yield();
	}
	close(fd);
	rd = open(path, O_RDONLY);
	for (unsigned long off = 0; rd >= 0 && off < j->size; off += PIECE) {
		size_t n = j->size - off < PIECE ? j->size - off : PIECE;

		for (size_t i = 0; i < n; i++)
			piece[i] = put_byte((unsigned long long)j->k, off + i);
		if (read(rd, back, n) != (ssize_t)n || memcmp(piece, back, n))
			j->bad = 1;
		sched_yield();
	}
	if (rd < 0)
		j->bad = 1;
	else
		close(rd);
	return 0;
}

int run_threads(const char *dir, int n, unsigned long size)
{
	pthread_t t[MAX];
	struct job jobs[MAX];
	int bad = 0;

	if (n < 1 || n > MAX)
		return 2;
	for (int k = 0; k < n; k++) {
		jobs[k] = (struct job){ dir, k, size, 0 };
		if (pthread_create(&t[k], 0, work, &jobs[k]))
			return 1;
	}
	for (int k = 0; k < n; k++) {
		pthread_join(t[k], 0);
		if (jobs[k].bad) {
			printf("threads: t%d wrong\n", k);
			bad = 1;
		}
	}
	printf("threads %d x %lu bytes %s\n", n, size, bad ? "failed" : "ok");
	return bad;
}
