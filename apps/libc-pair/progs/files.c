/*
 * Files as an ordinary program uses them, in the directory given as its
 * argument: stdio and descriptor I/O, seeking, positioned reads and
 * writes, truncation, stat, a directory listed, rename, unlink, rmdir,
 * dup2, a private file mapping (at an offset, written to without
 * changing the file) and an error that names ENOENT. Prints nothing that depends on
 * where the directory is.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char *argv[])
{
	char buf[128], *names[8];
	struct stat st;
	int fd, n = 0;
	FILE *f;
	DIR *d;
	struct dirent *e;

	if (argc < 2 || chdir(argv[1]) != 0)
		return 90;
	if (mkdir("sub", 0755) != 0)
		return 91;
	f = fopen("sub/notes.txt", "w");
	if (!f)
		return 92;
	for (int i = 1; i <= 3; i++)
		fprintf(f, "line %d of %s\n", i, "notes");
	fclose(f);

	fd = open("sub/notes.txt", O_RDWR);
	memset(buf, 0, sizeof(buf));
	printf("read %zd bytes\n", read(fd, buf, sizeof(buf) - 1));
	printf("first line: %.*s", (int)(strchr(buf, '\n') - buf + 1), buf);
	printf("lseek end=%ld\n", (long)lseek(fd, 0, SEEK_END));
	printf("pwrite=%zd\n", pwrite(fd, "LINE", 4, 15));
	memset(buf, 0, sizeof(buf));
	printf("pread=%zd [%s]\n", pread(fd, buf, 20, 10), buf);
	printf("ftruncate=%d\n", ftruncate(fd, 30));
	fstat(fd, &st);
	printf("size=%ld regular=%d\n", (long)st.st_size, S_ISREG(st.st_mode));
	close(fd);

	fd = open("sub/other", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	dup2(fd, 9);
	printf("write via dup2=%zd\n", write(9, "dup\n", 4));
	close(9);
	close(fd);
	printf("rename=%d\n", rename("sub/other", "sub/renamed"));

	fd = open("sub/pages", O_CREAT | O_RDWR | O_TRUNC, 0644);
	for (int i = 0; i < 3 * 4096; i++)
		buf[i % 64] = (char)('a' + i / 4096), (i % 64 == 63 ? (void)write(fd, buf, 64) : (void)0);
	{
		char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);

		if (m == MAP_FAILED)
			return 93;
		printf("mapped at offset 4096: %c %c\n", m[0], m[4096 + 10]);
		m[0] = 'Z';
		buf[0] = 0;
		printf("pread after writing the mapping: %zd", pread(fd, buf, 1, 4096));
		printf(" %c (the mapping has %c)\n", buf[0], m[0]);
		printf("munmap=%d\n", munmap(m, 8192));
		m = mmap(NULL, 100, PROT_READ, MAP_PRIVATE, fd, 0);
		printf("short mapping: %c %c\n", m[0], m[99]);
		munmap(m, 100);
		printf("unaligned offset: %d\n", mmap(NULL, 10, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED);
	}
	close(fd);
	unlink("sub/pages");

	d = opendir("sub");
	while (d && (e = readdir(d)) && n < 8)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), names_cmp);
	for (int i = 0; i < n; i++)
		printf("entry %s\n", names[i]);

	fd = open("sub/missing", O_RDONLY);
	printf("open missing: %d %s\n", fd, strerror(errno));
	printf("unlink=%d", unlink("sub/notes.txt"));
	printf(" %d", unlink("sub/renamed"));
	printf(" rmdir=%d\n", rmdir("sub"));
	printf("stat after rmdir: %d %s\n", stat("sub", &st), strerror(errno));
	return 0;
}
