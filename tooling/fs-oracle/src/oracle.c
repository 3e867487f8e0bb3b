/*
 * The filesystem oracle (see uk/fs_oracle.h): a transcript of POSIX file
 * calls and their results, and a dump of the tree they leave. Built for the
 * host and for uk from this one file, so it uses only what both C libraries
 * offer, prints nothing that legitimately differs between two filesystems
 * (inode numbers, times, block counts, directory sizes, readdir order) and
 * prints errno by name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/fs_oracle.h>

/* ---- output helpers ---- */

static const char *errname(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case EBADF: return "EBADF";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EXDEV: return "EXDEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EROFS: return "EROFS";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ELOOP: return "ELOOP";
	case ERANGE: return "ERANGE";
	case ENOSYS: return "ENOSYS";
	default: return "E?";
	}
}

/* "label: result" where a negative result shows errno's name. */
static void show(const char *label, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", label, errname(errno));
	else
		printf("%s: %ld\n", label, r);
}

static void showp(const char *label, const void *p)
{
	if (!p)
		printf("%s: NULL %s\n", label, errname(errno));
	else
		printf("%s: ok\n", label);
}

/* ---- deterministic randomness (xorshift64*), the same on both sides ---- */

static unsigned long long rng;

static unsigned long long rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

static unsigned rndn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static unsigned long long fnv(const unsigned char *p, size_t n, unsigned long long h)
{
	while (n--)
		h = (h ^ *p++) * 1099511628211ull;
	return h;
}

/* ---- gen: a tree from the seed ---- */

static void fill(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(rnd() >> 56);
}

static void gen_dir(const char *dir, int depth, int *count)
{
	unsigned nfiles = 2 + rndn(5), ndirs = depth < 3 ? rndn(3) : 0;
	char path[512];

	for (unsigned i = 0; i < nfiles; i++) {
		size_t size = rndn(4) ? rndn(3000) : rndn(70000);
		char *data = malloc(size + 1);
		int fd;

		snprintf(path, sizeof(path), "%s/f%u.dat", dir, (*count)++);
		fill(data, size);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) < 0)
			printf("gen %s failed: %s\n", path + strlen(dir), errname(errno));
		free(data);
	}
	if (rndn(3) == 0) {
		snprintf(path, sizeof(path), "%s/link%u", dir, (*count)++);
		if (symlink(rndn(2) ? "f0.dat" : "../nowhere", path) < 0)
			printf("gen symlink failed: %s\n", errname(errno));
	}
	for (unsigned i = 0; i < ndirs; i++) {
		snprintf(path, sizeof(path), "%s/d%u", dir, (*count)++);
		if (mkdir(path, 0755) < 0)
			printf("gen mkdir failed: %s\n", errname(errno));
		gen_dir(path, depth + 1, count);
	}
}

/* ---- dump: every entry under a directory, sorted ---- */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Recursion keeps little on the stack: an image's boot stack is small. */
struct dump_bufs {
	char path[1024], sub[1024], target[512];
	unsigned char data[4096];
};

static void dump_dir(const char *root, const char *rel)
{
	struct dump_bufs *b = malloc(sizeof(*b));
	char **names = 0;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	snprintf(b->path, sizeof(b->path), "%s%s", root, rel);
	d = opendir(b->path);
	if (!d) {
		printf("dump %s: opendir %s\n", rel[0] ? rel : "/", errname(errno));
		free(b);
		return;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		snprintf(b->sub, sizeof(b->sub), "%s/%s", rel, names[i]);
		snprintf(b->path, sizeof(b->path), "%s%s", root, b->sub);
		if (lstat(b->path, &st) < 0) {
			printf("%s: lstat %s\n", b->sub, errname(errno));
		} else if (S_ISDIR(st.st_mode)) {
			printf("%s/ dir %03o\n", b->sub, (unsigned)st.st_mode & 0777);
			dump_dir(root, b->sub);
		} else if (S_ISLNK(st.st_mode)) {
			ssize_t k = readlink(b->path, b->target, sizeof(b->target) - 1);

			b->target[k < 0 ? 0 : k] = 0;
			printf("%s -> %s\n", b->sub, b->target);
		} else {
			unsigned long long h = 14695981039346656037ull;
			long total = 0;
			int fd = open(b->path, O_RDONLY);
			ssize_t k;

			while (fd >= 0 && (k = read(fd, b->data, sizeof(b->data))) > 0) {
				h = fnv(b->data, (size_t)k, h);
				total += k;
			}
			if (fd >= 0)
				close(fd);
			printf("%s file %03o size %ld read %ld hash %016llx\n", b->sub,
			       (unsigned)st.st_mode & 0777, (long)st.st_size, total, h);
		}
		free(names[i]);
	}
	free(names);
	free(b);
}

/* ---- ops: the transcript ---- */

static char root_real[1024];

/* The working directory, relative to the tree's root. */
static void show_cwd(const char *label)
{
	char buf[1024];

	if (!getcwd(buf, sizeof(buf))) {
		printf("%s: NULL %s\n", label, errname(errno));
		return;
	}
	if (!strncmp(buf, root_real, strlen(root_real)))
		printf("%s: /%s\n", label, buf + strlen(root_real) + (buf[strlen(root_real)] == '/'));
	else
		printf("%s: outside the root\n", label);
}

static void show_stat(const char *label, const char *path, int follow)
{
	struct stat st;
	int r = follow ? stat(path, &st) : lstat(path, &st);

	if (r < 0) {
		printf("%s %s: -1 %s\n", label, path, errname(errno));
		return;
	}
	printf("%s %s: %s mode %03o size %ld", label, path,
	       S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "link" :
	       S_ISREG(st.st_mode) ? "file" : "other",
	       (unsigned)st.st_mode & 0777, S_ISDIR(st.st_mode) ? 0L : (long)st.st_size);
	if (!S_ISDIR(st.st_mode))
		printf(" nlink %ld", (long)st.st_nlink);
	printf("\n");
}

static void list_dir(const char *path)
{
	char *names[256];
	int n = 0;
	struct dirent *e;
	DIR *d = opendir(path);

	if (!d) {
		printf("list %s: %s\n", path, errname(errno));
		return;
	}
	while ((e = readdir(d)) && n < 256)
		names[n++] = strdup(e->d_name);
	/* after rewinddir the same number of entries comes back */
	rewinddir(d);
	{
		int again = 0;

		while (readdir(d))
			again++;
		printf("list %s: %d entries, again %d\n", path, n, again);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), cmp_names);
	for (int i = 0; i < n; i++) {
		printf("  %s\n", names[i]);
		free(names[i]);
	}
}

static void stdio_ops(void)
{
	char buf[256];
	FILE *f;
	long pos;
	size_t k;

	printf("-- stdio\n");
	f = fopen("s1.txt", "w");
	showp("fopen s1 w", f);
	fprintf(f, "line one\nline %d\n", 2);
	fputs("third line without newline", f);
	fputc('!', f);
	show("ftell after writes", ftell(f));
	show("fclose", fclose(f));
	f = fopen("s1.txt", "r");
	while (fgets(buf, sizeof(buf), f))
		printf("fgets: [%s]\n", strtok(buf, "\n"));
	printf("feof %d ferror %d\n", feof(f), ferror(f));
	rewind(f);
	printf("fgetc %c\n", fgetc(f));
	show("ungetc", ungetc('X', f));
	k = fread(buf, 1, 5, f);
	buf[k] = 0;
	printf("fread %zu [%s]\n", k, buf);
	show("ftell", ftell(f));
	show("fseek end-3", fseek(f, -3, SEEK_END));
	k = fread(buf, 1, sizeof(buf), f);
	buf[k] = 0;
	printf("fread %zu [%s] eof %d\n", k, buf, feof(f));
	show("fwrite on r stream", (long)fwrite("zz", 1, 2, f) - 1);
	printf("ferror %d\n", ferror(f));
	clearerr(f);
	printf("ferror after clearerr %d\n", ferror(f));
	fclose(f);

	/* r+: read, then overwrite in the middle */
	f = fopen("s1.txt", "r+");
	k = fread(buf, 1, 4, f);
	show("fread r+", (long)k);
	show("fseek cur 0", fseek(f, 0, SEEK_CUR));
	show("fwrite r+", (long)fwrite("LINE", 1, 4, f));
	show("fflush", fflush(f));
	pos = ftell(f);
	show("ftell r+", pos);
	fclose(f);

	/* a and a+: writes land at the end whatever the position */
	f = fopen("s1.txt", "a+");
	show("fseek set 0", fseek(f, 0, SEEK_SET));
	fputs("[appended]", f);
	show("ftell after append", ftell(f));
	rewind(f);
	k = fread(buf, 1, 12, f);
	buf[k] = 0;
	printf("a+ reads from start: [%s]\n", buf);
	fclose(f);
	f = fopen("s1.txt", "a");
	fputs("[more]", f);
	fclose(f);

	/* w+ truncates; x refuses an existing file */
	f = fopen("s2.txt", "w+");
	fputs("0123456789", f);
	rewind(f);
	k = fread(buf, 1, 3, f);
	printf("w+ read back %zu\n", k);
	fclose(f);
	showp("fopen s2 wx", fopen("s2.txt", "wx"));
	showp("fopen missing r", fopen("missing.txt", "r"));
	showp("fopen dir w", fopen(".", "w"));
	showp("fopen bad mode", fopen("s2.txt", "q"));

	/* setvbuf: unbuffered and line-buffered streams give the same file */
	f = fopen("s3.txt", "w");
	show("setvbuf nbf", setvbuf(f, 0, _IONBF, 0));
	for (int i = 0; i < 50; i++)
		fprintf(f, "%d,", i);
	fclose(f);
	f = fopen("s3.txt", "a");
	show("setvbuf lbf", setvbuf(f, 0, _IOLBF, 64));
	for (int i = 0; i < 50; i++)
		fprintf(f, "%d\n", i * i);
	fclose(f);

	/* a big write and read through a stream */
	f = fopen("big.bin", "w");
	for (int i = 0; i < 300; i++) {
		char chunk[1000];

		fill(chunk, sizeof(chunk));
		fwrite(chunk, 1, sizeof(chunk), f);
	}
	fclose(f);
	f = fopen("big.bin", "r");
	{
		unsigned long long h = 14695981039346656037ull;
		char *big = malloc(70000);
		size_t total = 0;

		while ((k = fread(big, 1, 1 + total % 69999, f)) > 0) {
			h = fnv((unsigned char *)big, k, h);
			total += k;
		}
		printf("big read %zu hash %016llx\n", total, h);
		free(big);
	}
	fclose(f);

	/* tmpfile: readable and writable, gone from the tree */
	f = tmpfile();
	showp("tmpfile", f);
	if (f) {
		fputs("temporary", f);
		rewind(f);
		k = fread(buf, 1, sizeof(buf), f);
		printf("tmpfile read %zu\n", k);
		fclose(f);
	}
	show("remove s2", remove("s2.txt"));
	show("remove s2 again", remove("s2.txt"));
}

static void fd_ops(void)
{
	char buf[128];
	int fd, fd2;
	struct stat st;

	printf("-- descriptors\n");
	fd = open("d1.bin", O_RDWR | O_CREAT | O_EXCL, 0600);
	show("open excl new", fd >= 0 ? 0 : -1);
	show("open excl existing", open("d1.bin", O_RDWR | O_CREAT | O_EXCL, 0600));
	show("write", write(fd, "hello world", 11));
	show("lseek cur", lseek(fd, 0, SEEK_CUR));
	show("lseek set 6", lseek(fd, 6, SEEK_SET));
	show("read", read(fd, buf, sizeof(buf)));
	show("read at eof", read(fd, buf, sizeof(buf)));
	show("pwrite at 20", pwrite(fd, "far", 3, 20));
	show("fstat size", fstat(fd, &st) < 0 ? -1 : (long)st.st_size);
	show("pread hole", pread(fd, buf, 5, 12));
	printf("hole bytes %d %d %d\n", buf[0], buf[1], buf[4]);
	show("lseek end", lseek(fd, 0, SEEK_END));
	show("lseek negative", lseek(fd, -100, SEEK_SET));
	show("ftruncate 4", ftruncate(fd, 4));
	show("lseek end after truncate", lseek(fd, 0, SEEK_END));
	show("ftruncate grow", ftruncate(fd, 10));
	show("pread grown", pread(fd, buf, 10, 0));
	printf("grown bytes [%.4s] %d %d\n", buf, buf[4], buf[9]);
	fd2 = dup(fd);
	show("dup shares offset", lseek(fd2, 2, SEEK_SET) == lseek(fd, 0, SEEK_CUR) ? 1 : 0);
	close(fd2);
	show("dup2", dup2(fd, 20));
	show("close 20", close(20));
	show("close 20 again", close(20));
	show("read closed", read(20, buf, 1));
	close(fd);

	fd = open("d1.bin", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	show("append write", write(fd, "APP", 3));
	show("append offset", lseek(fd, 0, SEEK_CUR));
	show("read on O_WRONLY", read(fd, buf, 1));
	close(fd);
	fd = open("d1.bin", O_RDONLY);
	show("write on O_RDONLY", write(fd, "x", 1));
	show("ftruncate on O_RDONLY", ftruncate(fd, 0));
	close(fd);
	fd = open("d1.bin", O_RDWR | O_TRUNC);
	show("O_TRUNC size", lseek(fd, 0, SEEK_END));
	close(fd);
	fd = open("d1.bin", O_RDONLY | O_CLOEXEC);
	show("O_CLOEXEC FD_CLOEXEC", fcntl(fd, F_GETFD) & FD_CLOEXEC);
	show("F_GETFL accmode", fcntl(fd, F_GETFL) & O_ACCMODE);
	close(fd);
	show("open O_DIRECTORY on file", open("d1.bin", O_RDONLY | O_DIRECTORY));
	show("open dir O_WRONLY", open(".", O_WRONLY));
	show("open dir O_RDWR", open(".", O_RDWR));
	fd = open(".", O_RDONLY | O_DIRECTORY);
	show("open dir O_RDONLY", fd >= 0 ? 0 : -1);
	show("read dir", read(fd, buf, sizeof(buf)));
	close(fd);
	show("open missing", open("nope/x", O_RDONLY));
	show("open through file", open("d1.bin/x", O_RDONLY));
	show("open create through file", open("d1.bin/x", O_RDWR | O_CREAT, 0644));
	show("open create trailing slash", open("newf/", O_RDWR | O_CREAT, 0644));
	show("open empty path", open("", O_RDONLY));
	fd = creat("c1.txt", 0640);
	show("creat", fd >= 0 ? 0 : -1);
	close(fd);
	show("umask", umask(077));
	fd = open("c2.txt", O_WRONLY | O_CREAT, 0666);
	umask(022);
	close(fd);
	show_stat("stat", "c2.txt", 1);
	show("chmod", chmod("c2.txt", 0604));
	show_stat("stat", "c2.txt", 1);
	show("truncate path", truncate("c2.txt", 1000));
	show_stat("stat", "c2.txt", 1);
	show("truncate dir", truncate(".", 0));
	show("truncate missing", truncate("zz", 0));
	show("access F_OK", access("c2.txt", F_OK));
	show("access missing", access("zz", F_OK));
	show("fstat bad fd", fstat(99, &st));
	show("lseek bad fd", lseek(99, 0, SEEK_SET));
	show("close bad fd", close(-1));
}

static void dir_ops(void)
{
	int fd;

	printf("-- directories\n");
	show("mkdir a", mkdir("a", 0755));
	show("mkdir a again", mkdir("a", 0755));
	show("mkdir on file", mkdir("c1.txt", 0755));
	show("mkdir missing parent", mkdir("x/y", 0755));
	show("mkdir under file", mkdir("c1.txt/y", 0755));
	show("mkdir a/b/", mkdir("a/b/", 0700));
	show("mkdir dot", mkdir(".", 0755));
	show_stat("stat", "a/b", 1);
	fd = open("a/b/f", O_CREAT | O_WRONLY, 0644);
	write(fd, "in b", 4);
	close(fd);
	show("rmdir nonempty", rmdir("a"));
	show("rmdir file", rmdir("c1.txt"));
	show("rmdir missing", rmdir("zz"));
	show("rmdir dot", rmdir("a/."));
	show("rmdir dotdot", rmdir("a/b/.."));
	show("unlink dir", unlink("a"));
	show("unlink missing", unlink("zz"));
	show("unlink file/", unlink("c1.txt/"));
	show("unlinkat removedir file", unlinkat(AT_FDCWD, "c1.txt", AT_REMOVEDIR));
	show("unlinkat bad flag", unlinkat(AT_FDCWD, "c1.txt", 0x1));
	list_dir("a");
	list_dir("a/b");
	list_dir("c1.txt");

	/* renames */
	printf("-- rename\n");
	show("rename file", rename("c1.txt", "a/c1moved.txt"));
	show("rename missing", rename("c1.txt", "x"));
	show("rename over file", rename("c2.txt", "a/c1moved.txt"));
	show("rename dir into itself", rename("a", "a/b/inner"));
	show("rename dir over nonempty dir", rename("a/b", "a"));
	show("rename file over dir", rename("a/c1moved.txt", "a/b"));
	show("mkdir e", mkdir("e", 0755));
	show("rename dir over file", rename("e", "a/c1moved.txt"));
	show("rename dir over empty dir", rename("a/b", "e"));
	show("rename to itself", rename("e", "e"));
	show("rename dot", rename(".", "zz"));
	show("rename into missing dir", rename("e", "nodir/e"));
	show("renameat", renameat(AT_FDCWD, "e", AT_FDCWD, "e2"));
	list_dir("e2");
	show("access moved", access("e2/f", F_OK));

	/* chdir and getcwd, relative paths from a directory descriptor */
	printf("-- cwd\n");
	show("chdir a", chdir("a"));
	show_cwd("getcwd");
	show("open ../d1.bin", (fd = open("../d1.bin", O_RDONLY)) >= 0 ? 0 : -1);
	close(fd);
	show("chdir ..", chdir(".."));
	show_cwd("getcwd");
	show("chdir file", chdir("d1.bin"));
	show("chdir missing", chdir("zz"));
	fd = open("e2", O_RDONLY | O_DIRECTORY);
	{
		struct stat st;

		show("fstatat relative", fstatat(fd, "f", &st, 0) < 0 ? -1 : (long)st.st_size);
		show("openat relative", openat(fd, "g", O_CREAT | O_WRONLY, 0644) >= 0 ? 0 : -1);
		show("mkdirat", mkdirat(fd, "sub", 0755));
		show("unlinkat", unlinkat(fd, "g", 0));
		show("unlinkat dir", unlinkat(fd, "sub", AT_REMOVEDIR));
		show("fchdir", fchdir(fd));
		show_cwd("getcwd");
		chdir("..");
	}
	close(fd);
	show("openat bad fd", openat(99, "x", O_RDONLY));
}

static void link_ops(void)
{
	char buf[256];
	ssize_t k;
	struct stat st;

	printf("-- symbolic links\n");
	show("symlink", symlink("d1.bin", "l1"));
	show("symlink exists", symlink("x", "l1"));
	show("symlink dir", symlink("e2", "l2"));
	show("symlink loop", symlink("l3", "l3"));
	show("symlink dangling", symlink("nowhere/x", "l4"));
	k = readlink("l1", buf, sizeof(buf) - 1);
	buf[k < 0 ? 0 : k] = 0;
	printf("readlink l1: %ld [%s]\n", (long)k, buf);
	show("readlink file", readlink("d1.bin", buf, sizeof(buf)));
	show_stat("lstat", "l1", 0);
	show_stat("stat", "l1", 1);
	show_stat("stat", "l2/f", 1);
	show_stat("stat", "l3", 1);
	show_stat("stat", "l4", 1);
	show_stat("lstat", "l4", 0);
	show("open loop", open("l3", O_RDONLY));
	show("open nofollow", open("l1", O_RDONLY | O_NOFOLLOW));
	show("chdir l2", chdir("l2"));
	show_cwd("getcwd");
	chdir("..");
	show("rename link", rename("l1", "l1b"));
	show("unlink link", unlink("l1b"));
	show("d1 still there", stat("d1.bin", &st));
	show("rmdir link to dir", rmdir("l2"));
	{
		char *r = realpath("l2/../e2/./f", 0);

		if (r && !strncmp(r, root_real, strlen(root_real)))
			printf("realpath: %s\n", r + strlen(root_real));
		else
			printf("realpath: %s\n", r ? "outside" : errname(errno));
		free(r);
		r = realpath("l4", 0);
		printf("realpath dangling: %s\n", r ? "found" : errname(errno));
		free(r);
		r = realpath("d1.bin/x", 0);
		printf("realpath through file: %s\n", r ? "found" : errname(errno));
		free(r);
	}
}

/* Shuffle the generated tree: copy, rename and delete files chosen by seed. */
static void tree_ops(void)
{
	char *names[512];
	int n = 0;
	DIR *d;
	struct dirent *e;

	printf("-- tree\n");
	d = opendir(".");
	while ((e = readdir(d)) && n < 512)
		if (!strncmp(e->d_name, "f", 1) && strstr(e->d_name, ".dat"))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), cmp_names);
	for (int i = 0; i < n; i++) {
		char to[300];

		switch (rndn(3)) {
		case 0: {
			FILE *in = fopen(names[i], "r"), *out;
			char buf[1000];
			size_t k;

			snprintf(to, sizeof(to), "copy-%s", names[i]);
			out = fopen(to, "w");
			while (in && out && (k = fread(buf, 1, sizeof(buf), in)) > 0)
				fwrite(buf, 1, k, out);
			if (in)
				fclose(in);
			if (out)
				fclose(out);
			printf("copy %s\n", names[i]);
			break;
		}
		case 1:
			snprintf(to, sizeof(to), "moved-%s", names[i]);
			show(names[i], rename(names[i], to));
			break;
		default:
			show(names[i], unlink(names[i]));
		}
		free(names[i]);
	}
}

int uk_fs_oracle_main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s ROOT SEED gen|ops|dump...\n", argv[0]);
		return 1;
	}
	rng = strtoull(argv[2], 0, 10) * 0x9e3779b97f4a7c15ull + 1;
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "gen")) {
			int count = 0;

			gen_dir(argv[1], 0, &count);
			printf("gen: %d names\n", count);
		} else if (!strcmp(argv[i], "ops")) {
			if (chdir(argv[1]) < 0 || !getcwd(root_real, sizeof(root_real))) {
				printf("cannot enter %s: %s\n", argv[1], errname(errno));
				return 1;
			}
			if (!strcmp(root_real, "/"))
				root_real[0] = 0;
			umask(022);
			stdio_ops();
			fd_ops();
			dir_ops();
			link_ops();
			tree_ops();
		} else if (!strcmp(argv[i], "dump")) {
			printf("-- dump\n");
			dump_dir(argv[1], "");
		} else {
			fprintf(stderr, "unknown step %s\n", argv[i]);
			return 1;
		}
	}
	fflush(stdout);
	return 0;
}
