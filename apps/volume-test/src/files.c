/*
 * File commands over POSIX calls, chained on the command line:
 *   put PATH SIZE SEED   create/truncate, write SIZE pattern bytes in 1 MiB writes, fsync
 *   sha256 PATH          "sha256 PATH SIZE HEX" (read in 1 MiB reads)
 *   cp SRC DST           copy in 1 MiB pieces; mv SRC DST (rename)
 *   rm PATH, mkdir PATH, rmdir PATH, ls DIR (sorted names, "/" after directories)
 *   many DIR N           N small files DIR/fK of K%64 bytes, then count them with readdir
 *   write PATH TEXT      create/truncate PATH holding TEXT (no newline)
 *   cat PATH             "cat PATH: TEXT"
 *   requests TAG         "requests TAG N": 9P requests sent to that device (requests.c)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/sha256.h>
#include "volume.h"

#define CHUNK (1 << 20)

static unsigned char buf[CHUNK];

const char *errname(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EBADF: return "EBADF";
	case EACCES: return "EACCES";
	case EROFS: return "EROFS";
	case ELOOP: return "ELOOP";
	case EINVAL: return "EINVAL";
	case EXDEV: return "EXDEV";
	case ENOSPC: return "ENOSPC";
	case EIO: return "EIO";
	default: return "E?";
	}
}

unsigned char put_byte(unsigned long long seed, unsigned long long k)
{
	return (unsigned char)((seed + k * 131 + k / 256) & 0xff);
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int put(const char *path, unsigned long long size, unsigned long long seed)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	for (unsigned long long off = 0; off < size;) {
		size_t n = size - off < CHUNK ? (size_t)(size - off) : CHUNK;

		for (size_t i = 0; i < n; i++)
			buf[i] = put_byte(seed, off + i);
		if (write_all(fd, buf, n)) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
		off += n;
	}
	if (fsync(fd)) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	printf("put %s %llu\n", path, size);
	return close(fd);
}

static int hash(const char *path)
{
	struct uk_sha256 s;
	unsigned long long total = 0;
	uint8_t d[UK_SHA256_DIGEST_LEN];
	char hex[UK_SHA256_HEX_LEN + 1];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	uk_sha256_init(&s);
	while ((n = read(fd, buf, CHUNK)) > 0) {
		uk_sha256_update(&s, buf, (size_t)n);
		total += (unsigned long long)n;
	}
	close(fd);
	if (n < 0)
		return -1;
	uk_sha256_final(&s, d);
	uk_sha256_hex(d, hex);
	printf("sha256 %s %llu %s\n", path, total, hex);
	return 0;
}

static int copy(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out;
	unsigned long long total = 0;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, CHUNK)) > 0) {
		if (write_all(out, buf, (size_t)n))
			break;
		total += (unsigned long long)n;
	}
	close(in);
	if (close(out) || n != 0)
		return -1;
	printf("cp %s %s %llu\n", src, dst, total);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir (not . and ..), sorted; count, or -1. */
static long names_of(const char *dir, char ***out)
{
	static char *names[20000];
	DIR *d = opendir(dir);
	struct dirent *e;
	long n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == (long)(sizeof(names) / sizeof(names[0])))
			break;
		names[n] = malloc(strlen(e->d_name) + 2);
		strcpy(names[n], e->d_name);
		if (e->d_type == DT_DIR)
			strcat(names[n], "/");
		n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	*out = names;
	return n;
}

static int list(const char *dir)
{
	char **names;
	long n = names_of(dir, &names);

	if (n < 0)
		return -1;
	printf("ls %s:", dir);
	for (long i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	return 0;
}

static int many(const char *dir, unsigned long n)
{
	char path[512], **names;
	long listed;

	for (unsigned long k = 0; k < n; k++) {
		int fd;

		snprintf(path, sizeof(path), "%s/f%lu", dir, k);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			return -1;
		memset(buf, '0' + (int)(k % 10), k % 64);
		if (write_all(fd, buf, k % 64) || close(fd))
			return -1;
	}
	listed = names_of(dir, &names);
	if (listed < 0)
		return -1;
	for (long i = 0; i < listed; i++)
		free(names[i]);
	printf("many %s created %lu listed %ld\n", dir, n, listed);
	return 0;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -1;
	if (write_all(fd, (const unsigned char *)text, strlen(text))) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int cat(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, 4096);
	close(fd);
	if (n < 0)
		return -1;
	printf("cat %s: %.*s\n", path, (int)n, (const char *)buf);
	return 0;
}

int run_commands(int argc, char **argv)
{
	int failed = 0;

	for (int i = 0; i < argc;) {
		const char *c = argv[i];
		int n = !strcmp(c, "put") ? 3 : !strcmp(c, "cp") || !strcmp(c, "mv") || !strcmp(c, "many") || !strcmp(c, "write") ? 2 : 1;
		int rc;

		if (i + n >= argc + 0 && i + n > argc - 1) {
			printf("usage: %s needs %d argument(s)\n", c, n);
			return 2;
		}
		errno = 0;
		if (!strcmp(c, "put"))
			rc = put(argv[i + 1], strtoull(argv[i + 2], 0, 0), strtoull(argv[i + 3], 0, 0));
		else if (!strcmp(c, "sha256"))
			rc = hash(argv[i + 1]);
		else if (!strcmp(c, "cp"))
			rc = copy(argv[i + 1], argv[i + 2]);
		else if (!strcmp(c, "mv"))
			rc = rename(argv[i + 1], argv[i + 2]);
		else if (!strcmp(c, "rm"))
			rc = unlink(argv[i + 1]);
		else if (!strcmp(c, "mkdir"))
			rc = mkdir(argv[i + 1], 0755);
		else if (!strcmp(c, "rmdir"))
			rc = rmdir(argv[i + 1]);
		else if (!strcmp(c, "ls"))
			rc = list(argv[i + 1]);
		else if (!strcmp(c, "many"))
			rc = many(argv[i + 1], strtoul(argv[i + 2], 0, 0));
		else if (!strcmp(c, "write"))
			rc = write_text(argv[i + 1], argv[i + 2]);
		else if (!strcmp(c, "cat"))
			rc = cat(argv[i + 1]);
		else if (!strcmp(c, "requests"))
			rc = print_requests(argv[i + 1]);
		else {
			printf("usage: unknown command %s\n", c);
			return 2;
		}
		if (rc) {
			printf("%s %s: %s\n", c, argv[i + 1], errname(errno));
			failed = 1;
		} else if (!strcmp(c, "mv") || !strcmp(c, "rm") || !strcmp(c, "mkdir") || !strcmp(c, "rmdir") || !strcmp(c, "write")) {
			printf("%s %s ok\n", c, argv[i + 1]);
		}
		i += 1 + n;
	}
	return failed;
}
