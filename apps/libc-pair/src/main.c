/*
 * libc-pair: ordinary C programs (formatting and strings, files through
 * stdio and descriptors, a directory, time, the environment, threads and
 * their __thread variables, name lookup and poll, atexit and the exit code), written for any C library. The test builds this one
 * source for the host (glibc, as a Linux process), against musl
 * (@uk/libc-musl) and against @uk/libc (threads from @uk/pthread over
 * @uk/sched-coop in both), runs each in a fresh directory,
 * and holds the transcripts and exit codes to be identical. Only what is
 * the same on every run is printed: no addresses, times or directory
 * order. Given a program's name, the image runs that one of progs/
 * instead (the same sources `uk exec`'s tests build for Linux).
 */
/* Truncation is what the check is about. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strings(void)
{
	char buf[128];
	int v[] = { 42, -7, 19, 0, 1000, 3 };
	const char *long_word = "abcdefghijkl";
	char *end;
	int n;

	snprintf(buf, sizeof(buf), "[%5d|%-5d|%05x|%+.3e|%g|%10.4f|%s|%c|%%]", 42, -42, 255, 12345.678, 0.0001, 3.14159265, "str", 'c');
	printf("format: %s\n", buf);
	n = snprintf(buf, 8, "%s", long_word);
	printf("snprintf truncates to %d of %d\n", (int)strlen(buf), n);
	printf("strtol: %ld %ld %lu", strtol("  -1234xyz", &end, 10), strtol("0x1f", NULL, 16), strtoul("777", NULL, 8));
	printf(" rest=[%s]\n", end);
	printf("strtod: %.6f %.3g\n", strtod("2.5e3", NULL), strtod("-0.125", NULL));
	qsort(v, sizeof(v) / sizeof(v[0]), sizeof(v[0]), compare_ints);
	printf("qsort:");
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		printf(" %d", v[i]);
	printf("\n");
	printf("string: %d %d %s %zu\n", strcmp("abc", "abd") < 0, strncmp("hello", "help", 3), strstr("haystack", "st"), strspn("aabbc", "ab"));
}

static void files(void)
{
	FILE *f = fopen("pair.txt", "w");
	char line[64];
	int n = 0, fd;
	long size;
	off_t off;
	ssize_t got;

	if (!f) {
		printf("files: fopen for writing failed (errno %d)\n", errno);
		return;
	}
	for (int i = 1; i <= 3; i++)
		fprintf(f, "line %d of %d\n", i, 3);
	fclose(f);
	f = fopen("pair.txt", "r");
	while (f && fgets(line, sizeof(line), f))
		printf("read %d: %s", ++n, line);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 5, SEEK_SET);
	printf("size %ld, at 5: %c\n", size, fgetc(f));
	fclose(f);

	fd = open("raw.bin", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	printf("write: %zd\n", write(fd, "0123456789", 10));
	close(fd);
	fd = open("raw.bin", O_RDONLY);
	off = lseek(fd, 4, SEEK_SET);
	got = read(fd, line, 4);
	printf("lseek: %ld read: %zd\n", (long)off, got);
	close(fd);
	printf("bytes: %.4s\n", line);

	errno = 0;
	f = fopen("no-such-file.txt", "r");
	printf("missing: %s errno=%s\n", f ? "opened?" : "NULL", errno == ENOENT ? "ENOENT" : "other");
}

static void directory(void)
{
	char *names[16];
	int n = 0;
	DIR *d = opendir(".");
	struct dirent *e;
	int first, again;

	while (d && (e = readdir(d)) && n < 16)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), compare_names);
	printf("directory:");
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	first = remove("raw.bin");
	again = remove("raw.bin") == -1 && errno == ENOENT;
	printf("remove: %d, again: ENOENT %d\n", first, again);
}

static void times(void)
{
	struct timespec a, b, nap = { 0, 20 * 1000 * 1000 };
	time_t now = time(NULL);
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &a);
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000LL + (b.tv_nsec - a.tv_nsec) / 1000000;
	printf("time: after 2023 %d, slept >= 20 ms %d, < 2 s %d\n", now > 1672531200, ms >= 20, ms < 2000);
}

static void environment(void)
{
	const char *g = getenv("PAIR_GREETING");

	printf("env PAIR_GREETING=[%s] PAIR_UNSET=%s\n", g ? g : "(unset)", getenv("PAIR_UNSET") ? "set" : "(unset)");
}

static int counter, errno_kept, tls_fresh, tls_kept;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static char tags[4];

/* Compiler thread-local variables: one with an initial value (.tdata), one zeroed and 64-byte aligned (.tbss). */
static __thread int tls_value = 1000;
static __thread _Alignas(64) char tls_line[64];

/* A new thread sees the initial values at an aligned address, then keeps its own through the others' runs. */
static int tls_start(int mine)
{
	int fresh = tls_value == 1000 && (uintptr_t)tls_line % 64 == 0;

	for (int i = 0; i < 64; i++)
		fresh &= tls_line[i] == 0;
	tls_value = mine;
	memset(tls_line, mine, sizeof(tls_line));
	return fresh;
}

static int tls_still(int mine)
{
	return tls_value == mine && tls_line[0] == (char)mine && tls_line[63] == (char)mine;
}

/* Each thread's errno is its own: set here, it outlives the other threads' runs in between. */
static void *count(void *arg)
{
	int mine = 100 + (int)((char *)arg - tags);
	int fresh = tls_start(mine);

	errno = mine;
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
		if (i % 100 == 0)
			sched_yield();
	}
	pthread_mutex_lock(&counter_lock);
	errno_kept += errno == mine;
	tls_fresh += fresh;
	tls_kept += tls_still(mine);
	pthread_mutex_unlock(&counter_lock);
	return (char *)arg + 1;
}

static void threads(void)
{
	pthread_t t[4];
	void *r[4];
	int main_errno;

	tls_value = 5;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, count, &tags[i]);
	errno = 7;
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], &r[i]);
	main_errno = errno;
	printf("threads:");
	for (int i = 0; i < 4; i++)
		printf(" %d", (int)((char *)r[i] - tags));
	printf(", counter %d\n", counter);
	printf("errno per thread: %d of 4 kept, main's %d\n", errno_kept, main_errno);
	printf("__thread: %d of 4 started fresh and aligned, %d of 4 kept, main's %d\n", tls_fresh, tls_kept, tls_value);
}

static void at_exit(void)
{
	/* Left in stdout's buffer: the C library flushes it after this runs. */
	printf("atexit ran");
	printf("\n");
}

/* Name lookup (numeric, localhost, the wildcard) and poll on a socket: no network beyond the image. */
static void lookup(const char *host, const char *service, int flags)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM, .ai_flags = flags }, *res;
	char text[INET_ADDRSTRLEN];
	int e = getaddrinfo(host, service, &hints, &res);

	printf("getaddrinfo %s %s: %d", host ? host : "(none)", service, e);
	for (struct addrinfo *a = e ? NULL : res; a; a = a->ai_next) {
		struct sockaddr_in *in = (struct sockaddr_in *)a->ai_addr;

		printf(" [%s port %d]", inet_ntop(AF_INET, &in->sin_addr, text, sizeof(text)), ntohs(in->sin_port));
	}
	printf("\n");
	if (!e)
		freeaddrinfo(res);
}

static void network(void)
{
	struct pollfd p = { .fd = socket(AF_INET, SOCK_DGRAM, 0), .events = POLLOUT };
	int ready;

	lookup("127.0.0.1", "80", 0);
	lookup("localhost", "8080", 0);
	lookup(NULL, "99", AI_PASSIVE);
	lookup("10.1.2.3", "7", AI_NUMERICHOST);
	ready = poll(&p, 1, 1000);
	printf("poll: %d writable %d\n", ready, (p.revents & POLLOUT) != 0);
	close(p.fd);
}

/* The ordinary programs of progs/ compiled into this image (src/prog_*.c), run by name. */
int prog_env(int argc, char *argv[]);
int prog_time(void);
int prog_files(int argc, char *argv[]);
int prog_sockets(void);
int prog_hello(int argc, char *argv[]);
int prog_threads(void);

static int run_program(int argc, char *argv[])
{
	if (!strcmp(argv[0], "env"))
		return prog_env(argc, argv);
	if (!strcmp(argv[0], "time"))
		return prog_time();
	if (!strcmp(argv[0], "files"))
		return prog_files(argc, argv);
	if (!strcmp(argv[0], "sockets"))
		return prog_sockets();
	if (!strcmp(argv[0], "hello"))
		return prog_hello(argc, argv);
	if (!strcmp(argv[0], "threads"))
		return prog_threads();
	printf("no program %s\n", argv[0]);
	return 127;
}

/* No arguments: this file's program. A name (and its arguments): that program of progs/. */
int main(int argc, char *argv[])
{
	if (argc > 1)
		return run_program(argc - 1, argv + 1);
	strings();
	files();
	directory();
	times();
	environment();
	threads();
	network();
	atexit(at_exit);
	printf("exit 7\n");
	return 7;
}
