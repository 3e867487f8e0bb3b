/*
 * The Linux guest's side of `pnpm bench fs`: the same steps and lines as
 * uk's guest/fs_bench_9p.c, on the 9P share the guest's init mounted at
 * /mnt (its own 9p client, cache=none: no page cache, as uk has none).
 * Compiled static by the bench and put in the guest's initramfs.
 *
 *   fs_bench ready | mount (prints "mounted", the init script mounted it)
 *   fs_bench write NAME BYTES REQ | read NAME BYTES REQ | meta DIR N
 *   fs_bench exit CODE    leave QEMU through isa-debug-exit (port 0xf4)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(long rc, const char *what)
{
	if (rc < 0) {
		printf("error: %s: %s\n", what, strerror(errno));
		exit(1);
	}
}

static void transfer(int write, const char *name, unsigned long long bytes, size_t req)
{
	char path[256], *buf = malloc(req);
	unsigned long long off;
	int fd;

	snprintf(path, sizeof(path), "/mnt/%s", name);
	memset(buf, 0x5a, req);
	fd = open(path, write ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY, 0644);
	check(fd, path);
	printf("begin %s\n", write ? "write" : "read");
	fflush(stdout);
	for (off = 0; off < bytes;) {
		size_t want = bytes - off < req ? (size_t)(bytes - off) : req, done = 0;

		while (done < want) {
			ssize_t n = write ? pwrite(fd, buf + done, want - done, (off_t)(off + done))
					  : pread(fd, buf + done, want - done, (off_t)(off + done));

			check(n, write ? "write" : "read");
			if (!n) {
				printf("error: short file\n");
				exit(1);
			}
			done += (size_t)n;
		}
		off += want;
	}
	if (write)
		check(fsync(fd), "fsync");
	printf("end %s\n", write ? "write" : "read");
	fflush(stdout);
	close(fd);
	free(buf);
}

static void meta(const char *dir, unsigned n)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "/mnt/%s", dir);
	check(mkdir(path, 0755), "mkdir");
	printf("begin create\n");
	fflush(stdout);
	for (unsigned i = 0; i < n; i++) {
		int fd;

		snprintf(path, sizeof(path), "/mnt/%s/f%u", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		check(fd, "create");
		close(fd);
	}
	printf("end create\nbegin stat\n");
	fflush(stdout);
	for (unsigned i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/mnt/%s/f%u", dir, i);
		check(stat(path, &st), "stat");
	}
	printf("end stat\nbegin unlink\n");
	fflush(stdout);
	for (unsigned i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/mnt/%s/f%u", dir, i);
		check(unlink(path), "unlink");
	}
	printf("end unlink\n");
	fflush(stdout);
}

int main(int argc, char *argv[])
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "ready")) {
			printf("ready\n");
		} else if (!strcmp(argv[i], "mount")) {
			printf("mounted\n");
		} else if ((!strcmp(argv[i], "write") || !strcmp(argv[i], "read")) && i + 3 < argc) {
			transfer(argv[i][0] == 'w', argv[i + 1], strtoull(argv[i + 2], 0, 0), strtoul(argv[i + 3], 0, 0));
			i += 3;
		} else if (!strcmp(argv[i], "meta") && i + 2 < argc) {
			meta(argv[i + 1], (unsigned)strtoul(argv[i + 2], 0, 0));
			i += 2;
		} else if (!strcmp(argv[i], "exit") && i + 1 < argc) {
			if (ioperm(0xf4, 1, 1) == 0)
				outb((unsigned char)atoi(argv[i + 1]), 0xf4);
			return 1;
		} else {
			printf("error: bad step %s\n", argv[i]);
			return 1;
		}
		fflush(stdout);
	}
	return 0;
}
