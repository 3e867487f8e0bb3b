/*
 * The loader image of `uk exec`: one image for every program. The CLI puts
 * the program into the initrd (unpacked into / by @uk/vfs at boot) and
 * names it with the parameter exec.path; this reads it and runs it through
 * @uk/elfloader with the image's arguments (argv[0] the program's name,
 * parameter exec.name) and, as environment, the exec.env.<i> parameters
 * (one per -e, in order, counted by exec.envc). Returns 127 when it cannot
 * start the program (after a line saying why).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/elfloader.h>
#include <uk/plat.h>

#define ENV_MAX 64

/* The whole file at path in a new buffer, or NULL (errno set). */
static char *read_file(const char *path, size_t *size)
{
	struct stat st;
	char *buf;
	size_t done = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !(buf = malloc(st.st_size ? (size_t)st.st_size : 1))) {
		close(fd);
		return NULL;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n <= 0) {
			free(buf);
			close(fd);
			errno = n < 0 ? errno : EIO;
			return NULL;
		}
		done += (size_t)n;
	}
	close(fd);
	*size = done;
	return buf;
}

int main(int argc, char *argv[])
{
	char *envp[ENV_MAX + 1];
	const char *path = uk_plat_param("exec.path"), *count = uk_plat_param("exec.envc");
	int envc = count ? atoi(count) : 0, n = 0;
	size_t size = 0;
	char *elf;

	if (!path) {
		fprintf(stderr, "[uk-exec] no exec.path parameter: start this image with uk exec\n");
		return 127;
	}
	elf = read_file(path, &size);
	if (!elf) {
		fprintf(stderr, "[uk-exec] cannot read %s: %s\n", path, strerror(errno));
		return 127;
	}
	for (int i = 0; i < envc && n < ENV_MAX; i++) {
		char key[32];
		const char *v;

		snprintf(key, sizeof(key), "exec.env.%d", i);
		v = uk_plat_param(key);
		if (v)
			envp[n++] = (char *)v;
	}
	envp[n] = NULL;
	if (argc > 0 && uk_plat_param("exec.name"))
		argv[0] = (char *)uk_plat_param("exec.name");
	uk_elf_exec(elf, size, argv, envp);
	return 127;
}
