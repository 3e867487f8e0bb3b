/*
 * The Linux side of `pnpm bench posix`: the cost of a no-op system call
 * (getppid) on the host, and inside the Linux guest (built static, run from
 * its initramfs). Prints "sample syscall_ns <ns per call>" per batch, the
 * same figure apps/posix-test's bench case prints for uk.
 *
 *   syscall_host [BATCHES]     measure
 *   syscall_host exit CODE     leave QEMU through isa-debug-exit (port 0xf4)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CALLS 200000

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int batches = 5;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "exit") == 0) {
		if (ioperm(0xf4, 4, 1) != 0) {
			perror("ioperm");
			return 2;
		}
		outl((unsigned)atoi(argv[2]), 0xf4);
		return 2; /* not reached when the device is there */
	}
	if (argc == 2)
		batches = atoi(argv[1]);
	for (int b = 0; b <= batches; b++) {
		double t = now_ns();
		long sink = 0;

		for (int i = 0; i < CALLS; i++)
			sink += syscall(SYS_getppid);
		t = (now_ns() - t) / CALLS;
		if (b > 0) /* the first batch warms up */
			printf("sample syscall_ns %.1f\n", t);
		(void)sink;
	}
	return 0;
}
