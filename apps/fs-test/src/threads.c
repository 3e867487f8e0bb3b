/*
 * threads DIR: four writers each fill a file of their own in small
 * pieces, yielding between writes, while four readers read a shared file
 * through their own descriptors and one stream, and a lister walks the
 * directory; every byte is checked at the end. Prints one line per check.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include "cases.h"

#define WRITERS 4
#define READERS 4
#define PIECES 256
#define PIECE 1000

static const char *base;
static int bad;

static char byte_at(int who, long i)
{
	return (char)((who * 131 + i * 7) % 251);
}

static void *writer(void *arg)
{
	int who = (int)(long)arg;
	char path[256], piece[PIECE];
	int fd;

	snprintf(path, sizeof(path), "%s/w%d", base, who);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	for (int p = 0; p < PIECES; p++) {
		for (int i = 0; i < PIECE; i++)
			piece[i] = byte_at(who, (long)p * PIECE + i);
		if (write(fd, piece, PIECE) != PIECE)
			bad++;
		sched_yield();
	}
	close(fd);
	return 0;
}

static void *reader(void *arg)
{
	int who = (int)(long)arg;
	char path[256], buf[333];
	long off = 0;
	ssize_t k;
	int fd;

	snprintf(path, sizeof(path), "%s/shared", base);
	fd = open(path, O_RDONLY);
	while ((k = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < k; i++)
			if (buf[i] != byte_at(99, off + i))
				bad++;
		off += k;
		sched_yield();
	}
	close(fd);
	if (off != (long)PIECES * PIECE) {
		printf("reader %d read %ld\n", who, off);
		bad++;
	}
	return 0;
}

static void *lister(void *arg)
{
	(void)arg;
	for (int round = 0; round < 50; round++) {
		DIR *d = opendir(base);
		struct dirent *e;

		while (d && (e = readdir(d)))
			sched_yield();
		if (d)
			closedir(d);
		sched_yield();
	}
	return 0;
}

int threads(const char *dir)
{
	pthread_t t[WRITERS + READERS + 1];
	char path[256];
	FILE *f;
	int n = 0;

	base = dir;
	snprintf(path, sizeof(path), "%s/shared", dir);
	f = fopen(path, "w");
	for (long i = 0; i < (long)PIECES * PIECE; i++)
		fputc(byte_at(99, i), f);
	fclose(f);
	for (long i = 0; i < WRITERS; i++)
		pthread_create(&t[n++], 0, writer, (void *)i);
	for (long i = 0; i < READERS; i++)
		pthread_create(&t[n++], 0, reader, (void *)i);
	pthread_create(&t[n++], 0, lister, 0);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], 0);
	for (int w = 0; w < WRITERS; w++) {
		char *data = malloc((size_t)PIECES * PIECE);
		size_t k;

		snprintf(path, sizeof(path), "%s/w%d", dir, w);
		f = fopen(path, "r");
		k = f ? fread(data, 1, (size_t)PIECES * PIECE + 1, f) : 0;
		if (f)
			fclose(f);
		for (size_t i = 0; i < k; i++)
			if (data[i] != byte_at(w, (long)i))
				bad++;
		printf("writer %d: %zu bytes\n", w, k);
		free(data);
	}
	printf("threads: %s\n", bad ? "MISMATCH" : "ok");
	return bad ? 1 : 0;
}
