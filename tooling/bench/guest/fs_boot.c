/*
 * The uk side of `pnpm bench fs:boot`: an ordinary program over @uk/vfs and
 * @uk/fs-9p, booted as `uk run -v SHARE:/data` boots it (vfs.mount.0 on the
 * command line) or with no volume. It prints "ready" first thing in main;
 * the host stamps the line as it arrives on the serial console, so boot to
 * main is what the volume costs before the program runs. With the argument
 * "touch" it then looks at /data, which makes the mount (9P version and
 * attach) on first use, and prints "touched" (or the error): the interval
 * between the two lines is what the first use of a volume pays.
 *
 * Last it prints "guest-ns N": the guest's own time from the platform's
 * entry to main (its cycle counter, converted after the timed lines since
 * the conversion may calibrate), which leaves out QEMU's start-up and the
 * firmware, so the host can tell uk's share of boot from QEMU's.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/plat.h>

int main(int argc, char **argv)
{
	uint64_t at_main = uk_plat_cycles();
	struct stat st;
	int rc = 0;

	printf("ready\n");
	fflush(stdout);
	if (argc >= 2 && !strcmp(argv[1], "touch")) {
		if (stat("/data", &st) || !S_ISDIR(st.st_mode)) {
			perror("error: /data");
			rc = 1;
		} else {
			printf("touched\n");
		}
	}
	printf("guest-ns %llu\n", (unsigned long long)uk_plat_cycles_to_ns(at_main - uk_plat_entry_cycles()));
	return rc;
}
