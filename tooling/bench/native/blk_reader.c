/*
 * The Linux guest's side of `pnpm bench blk`: reads a block device with
 * O_DIRECT (no page cache in the guest, as a unikernel has none) and prints
 * one line per step, which the host timestamps as they arrive on the serial
 * console. Compiled static by the bench (gcc -static -O2 -pthread) and put
 * in the guest's initramfs.
 *
 *   blk_reader DEV first             read sector 0; "first-sector <hex of 8 bytes>"
 *   blk_reader DEV seq REQ TOTAL     TOTAL bytes in REQ-byte requests from offset 0
 *                                    (wrapping at the device's end)
 *   blk_reader DEV rand QD COUNT     COUNT random 4 KiB reads, QD threads each
 *                                    with one read outstanding (queue depth QD)
 *   blk_reader exit CODE             leave QEMU through isa-debug-exit (port 0xf4)
 *
 * seq and rand print "begin <step>" and "end <step> ns=<guest ns>" around the
 * measured part.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define SECTOR 512
#define PAGE 4096

static int fd;
static uint64_t dev_bytes;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *aligned(size_t n)
{
	void *p;
	if (posix_memalign(&p, PAGE, n) != 0) {
		perror("posix_memalign");
		exit(2);
	}
	memset(p, 0, n);
	return p;
}

static void read_at(void *buf, size_t n, uint64_t off)
{
	ssize_t r = pread(fd, buf, n, (off_t)off);
	if (r != (ssize_t)n) {
		fprintf(stderr, "pread %zu at %llu: %s\n", n, (unsigned long long)off, r < 0 ? strerror(errno) : "short read");
		exit(3);
	}
}

static int first(void)
{
	unsigned char *buf = aligned(PAGE);
	read_at(buf, PAGE, 0);
	printf("first-sector ");
	for (int i = 0; i < 8; i++)
		printf("%02x", buf[i]);
	printf("\n");
	return 0;
}

static int seq(uint64_t req, uint64_t total)
{
	void *buf = aligned(req);
	uint64_t span = dev_bytes - dev_bytes % req;
	printf("begin seq\n");
	fflush(stdout);
	uint64_t t0 = now_ns();
	for (uint64_t done = 0; done < total; done += req)
		read_at(buf, req, done % span);
	printf("end seq ns=%llu\n", (unsigned long long)(now_ns() - t0));
	return 0;
}

struct worker {
	pthread_t thread;
	uint64_t seed;
	uint64_t count;
};

static void *rand_worker(void *arg)
{
	struct worker *w = arg;
	void *buf = aligned(PAGE);
	uint64_t x = w->seed | 1, pages = dev_bytes / PAGE;
	for (uint64_t i = 0; i < w->count; i++) {
		/* xorshift64: cheap, and each thread has its own sequence. */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		read_at(buf, PAGE, (x % pages) * PAGE);
	}
	return NULL;
}

static int rand_reads(unsigned qd, uint64_t count)
{
	struct worker *w = calloc(qd, sizeof(*w));
	printf("begin rand%u\n", qd);
	fflush(stdout);
	uint64_t t0 = now_ns();
	for (unsigned i = 0; i < qd; i++) {
		w[i].seed = 0x9e3779b97f4a7c15ull * (i + 1);
		w[i].count = count / qd + (i < count % qd);
		pthread_create(&w[i].thread, NULL, rand_worker, &w[i]);
	}
	for (unsigned i = 0; i < qd; i++)
		pthread_join(w[i].thread, NULL);
	printf("end rand%u ns=%llu\n", qd, (unsigned long long)(now_ns() - t0));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "exit") == 0) {
		fflush(stdout);
		if (ioperm(0xf4, 4, 1) != 0) {
			perror("ioperm");
			return 2;
		}
		outl((unsigned)atoi(argv[2]), 0xf4);
		return 2; /* not reached when the device is there */
	}
	if (argc < 3) {
		fprintf(stderr, "usage: blk_reader DEV first|seq REQ TOTAL|rand QD COUNT, or blk_reader exit CODE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_DIRECT);
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &dev_bytes) != 0 || dev_bytes < PAGE) {
		perror(argv[1]);
		return 2;
	}
	if (strcmp(argv[2], "first") == 0)
		return first();
	if (strcmp(argv[2], "seq") == 0 && argc == 5)
		return seq(strtoull(argv[3], NULL, 0), strtoull(argv[4], NULL, 0));
	if (strcmp(argv[2], "rand") == 0 && argc == 5)
		return rand_reads((unsigned)atoi(argv[3]), strtoull(argv[4], NULL, 0));
	fprintf(stderr, "blk_reader: unknown step %s\n", argv[2]);
	return 2;
}
