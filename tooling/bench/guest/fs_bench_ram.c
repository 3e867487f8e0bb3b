/*
 * The ramfs part of `pnpm bench fs`: the same POSIX program runs on the
 * host against tmpfs (/dev/shm) and as a uk image (linuxu, so both run
 * natively on the same CPU) against @uk/fs-ramfs, and times itself:
 *
 *   fs_bench_ram ROOT write NAME BYTES REQ | read NAME BYTES REQ | meta DIR N
 *
 * Each step prints "time STEP NS" (CLOCK_MONOTONIC around the step only).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *root;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void fail(const char *what)
{
	perror(what);
	exit(1);
}

static void report(const char *step, long long t0)
{
	printf("time %s %lld\n", step, now_ns() - t0);
	fflush(stdout);
}

static void transfer(int write, const char *name, unsigned long long bytes, size_t req)
{
	char path[512], *buf = malloc(req);
	unsigned long long off;
	long long t0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	memset(buf, 0x5a, req);
	fd = open(path, write ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY, 0644);
	if (fd < 0)
		fail(path);
	t0 = now_ns();
	for (off = 0; off < bytes; off += req) {
		ssize_t n = write ? pwrite(fd, buf, req, (off_t)off) : pread(fd, buf, req, (off_t)off);

		if (n != (ssize_t)req)
			fail(write ? "write" : "read");
	}
	report(write ? "write" : "read", t0);
	close(fd);
	free(buf);
}

static void meta(const char *dir, unsigned n)
{
	char path[512];
	struct stat st;
	long long t0;

	snprintf(path, sizeof(path), "%s/%s", root, dir);
	if (mkdir(path, 0755) < 0)
		fail("mkdir");
	t0 = now_ns();
	for (unsigned i = 0; i < n; i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/%s/f%u", root, dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0)
			fail("create");
		close(fd);
	}
	report("create", t0);
	t0 = now_ns();
	for (unsigned i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s/f%u", root, dir, i);
		if (stat(path, &st) < 0)
			fail("stat");
	}
	report("stat", t0);
	t0 = now_ns();
	for (unsigned i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s/f%u", root, dir, i);
		if (unlink(path) < 0)
			fail("unlink");
	}
	report("unlink", t0);
	snprintf(path, sizeof(path), "%s/%s", root, dir);
	rmdir(path);
}

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(stderr, "usage: fs_bench_ram ROOT STEP...\n");
		return 2;
	}
	root = argv[1];
	for (int i = 2; i < argc; i++) {
		if ((!strcmp(argv[i], "write") || !strcmp(argv[i], "read")) && i + 3 < argc) {
			transfer(argv[i][0] == 'w', argv[i + 1], strtoull(argv[i + 2], 0, 0), strtoul(argv[i + 3], 0, 0));
			i += 3;
		} else if (!strcmp(argv[i], "meta") && i + 2 < argc) {
			meta(argv[i + 1], (unsigned)strtoul(argv[i + 2], 0, 0));
			i += 2;
		} else {
			fprintf(stderr, "bad step %s\n", argv[i]);
			return 2;
		}
	}
	return 0;
}
