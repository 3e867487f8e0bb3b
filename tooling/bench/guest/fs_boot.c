/*
 * The uk side of `pnpm bench fs:boot`: an ordinary program over @uk/vfs and
 * @uk/fs-9p, booted as `uk run -v SHARE:/data` boots it (vfs.mount.0 on the
 * command line) or with no volume. It prints "ready" first thing in main;
 * the host stamps the line as it arrives on the serial console, so boot to
 * main is what the volume costs before the program runs. With the argument
 * "touch" it then looks at /data, which makes the mount (9P version and
 * attach) on first use, and prints "touched" (or the error): the interval
 * between the two lines is what the first use of a volume pays.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	struct stat st;

	printf("ready\n");
	fflush(stdout);
	if (argc < 2 || strcmp(argv[1], "touch"))
		return 0;
	if (stat("/data", &st) || !S_ISDIR(st.st_mode)) {
		perror("error: /data");
		return 1;
	}
	printf("touched\n");
	return 0;
}
