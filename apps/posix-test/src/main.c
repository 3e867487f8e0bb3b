/*
 * posix-test: the descriptor table and system-call layer inside a real
 * image. Every check prints "FAIL <case>: <what>" when it fails; each case
 * ends with "ok <case>"; main returns the number of failed cases, so the
 * driver looks at the exit code and the transcript. All cases run in one
 * boot (a TCG boot costs more than the checks).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include <uk/config.h>
#include <uk/syscall_nr.h>

static int failed_checks;

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			printf("FAIL %s:%d: %s (errno %d)\n", __func__, __LINE__, #c, errno); \
			failed_checks++;                                       \
		}                                                              \
	} while (0)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* write(1) and printf interleaved keep the program's order. */
static void case_order(void)
{
	printf("order: one ");
	write(1, "two ", 4);
	printf("three ");
	fflush(stdout);
	write(2, "four ", 5);
	struct iovec iov[2] = { { "five ", 5 }, { "six\n", 4 } };
	printf("[v]");
	CHECK(writev(1, iov, 2) == 9);
}

static void case_console(void)
{
	struct stat st;
	char c;

	CHECK(fstat(1, &st) == 0 && S_ISCHR(st.st_mode));
	CHECK(isatty(1) == 1);
	{
		/* Console input without waiting: ended (linuxu, stdin from /dev/null) or nothing yet (a serial line). */
		int fl = fcntl(0, F_GETFL);
		ssize_t r;

		CHECK(fcntl(0, F_SETFL, fl | O_NONBLOCK) == 0);
		r = read(0, &c, 1);
		CHECK(r == 0 || (r == -1 && errno == EAGAIN));
		CHECK(fcntl(0, F_SETFL, fl) == 0);
	}
	CHECK(read(1, &c, 1) == -1 && errno == EBADF); /* opened for writing */
	CHECK(lseek(1, 0, SEEK_SET) == -1 && errno == ESPIPE);
	CHECK(fcntl(1, F_GETFL) == O_WRONLY);
}

static void case_badf(void)
{
	char c = 0;
	struct stat st;

	CHECK(write(77, &c, 1) == -1 && errno == EBADF);
	CHECK(read(-1, &c, 1) == -1 && errno == EBADF);
	CHECK(close(77) == -1 && errno == EBADF);
	CHECK(dup(77) == -1 && errno == EBADF);
	CHECK(dup2(77, 5) == -1 && errno == EBADF);
	CHECK(dup2(1, -1) == -1 && errno == EBADF);
	CHECK(dup3(1, 1, 0) == -1 && errno == EINVAL);
	CHECK(fstat(77, &st) == -1 && errno == EBADF);
	CHECK(fcntl(77, F_GETFD) == -1 && errno == EBADF);
	CHECK(fcntl(1, 12345) == -1 && errno == EINVAL);
	CHECK(ioctl(1, 0x7777, 0) == -1 && errno == ENOTTY);
	CHECK(fsync(1) == -1 && errno == EINVAL);
	CHECK(syscall(UK_SYS_getdents64, 1, &st, sizeof(st)) == -1 && errno == ENOTDIR);
}

static void case_dup(void)
{
	int p[2], d, d2;
	char buf[8];

	CHECK(pipe(p) == 0);
	d = dup(p[1]);
	CHECK(d > p[1]);
	CHECK(write(d, "ab", 2) == 2);
	CHECK(close(d) == 0);
	/* dup2 onto an open descriptor closes it first */
	d2 = dup2(p[1], p[0] + 10);
	CHECK(d2 == p[0] + 10);
	CHECK(write(d2, "cd", 2) == 2);
	CHECK(dup2(d2, d2) == d2);
	CHECK(fcntl(d2, F_GETFD) == 0);
	d = dup3(p[1], d2, O_CLOEXEC);
	CHECK(d == d2 && fcntl(d2, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(d2, F_SETFD, 0) == 0 && fcntl(d2, F_GETFD) == 0);
	CHECK(ioctl(d2, FIOCLEX) == 0 && fcntl(d2, F_GETFD) == FD_CLOEXEC);
	d = fcntl(p[1], F_DUPFD_CLOEXEC, 40);
	CHECK(d == 40 && fcntl(40, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(p[1], F_DUPFD, 40) == 41);
	CHECK(close(40) == 0 && close(41) == 0 && close(d2) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 4 && !memcmp(buf, "abcd", 4));
	/* the last writer gone: end of file */
	CHECK(close(p[1]) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 0);
	CHECK(close(p[0]) == 0);
}

static void case_flags(void)
{
	int p[2], on = 1;
	char c;

	CHECK(pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	CHECK(fcntl(p[0], F_GETFL) == (O_RDONLY | O_NONBLOCK));
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC);
	CHECK(read(p[0], &c, 1) == -1 && errno == EAGAIN);
	CHECK(fcntl(p[0], F_SETFL, 0) == 0 && fcntl(p[0], F_GETFL) == O_RDONLY);
	CHECK(ioctl(p[0], FIONBIO, &on) == 0 && fcntl(p[0], F_GETFL) == (O_RDONLY | O_NONBLOCK));
	CHECK(pipe2(p, 0x40000000) == -1 && errno == EINVAL);
	CHECK(write(p[1], "xyz", 3) == 3);
	int n = -1;
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 3);
	CHECK(close(p[0]) == 0);
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE);
	CHECK(close(p[1]) == 0);
}

static void case_emfile(void)
{
	int p[2], n = 0, last = -1;

	CHECK(pipe(p) == 0);
	for (;;) {
		int d = dup(p[0]);

		if (d < 0) {
			CHECK(errno == EMFILE);
			break;
		}
		last = d;
		n++;
	}
	CHECK(n > 100);
	CHECK(pipe(p + 0) == -1 && errno == EMFILE);
	/* one freed slot is the next one handed out */
	CHECK(close(last - 3) == 0 && dup(1) == last - 3);
	for (int d = 3; d <= last; d++)
		close(d);
	CHECK(dup(1) == 3 && close(3) == 0);
	printf("emfile: %d descriptors\n", n + 1 + 3 + 1);
}

static void case_poll_timeout(void)
{
	int p[2];
	struct pollfd pf[3];
	long long t0;
	int r;

	CHECK(pipe(p) == 0);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[1] = (struct pollfd){ -1, POLLIN, 0 };
	pf[2] = (struct pollfd){ 99, POLLIN, 0 };
	CHECK(poll(pf, 3, 0) == 1 && pf[2].revents == POLLNVAL && pf[0].revents == 0);
	pf[2].fd = p[1];
	pf[2].events = POLLOUT;
	CHECK(poll(pf, 3, 0) == 1 && pf[2].revents == POLLOUT);
	t0 = now_ms();
	r = poll(pf, 1, 50);
	t0 = now_ms() - t0;
	CHECK(r == 0 && pf[0].revents == 0);
	CHECK(t0 >= 49 && t0 < 2000);

	fd_set rd;
	struct timeval tv = { 0, 30000 };
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	t0 = now_ms();
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	t0 = now_ms() - t0;
	CHECK(r == 0 && !FD_ISSET(p[0], &rd));
	CHECK(t0 >= 29 && t0 < 2000);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0);

	CHECK(write(p[1], "q", 1) == 1);
	FD_SET(p[0], &rd);
	fd_set wr;
	FD_ZERO(&wr);
	FD_SET(p[1], &wr);
	tv = (struct timeval){ 5, 0 };
	CHECK(select(p[1] + 1, &rd, &wr, NULL, &tv) == 2 && FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr));
	FD_ZERO(&rd);
	FD_SET(60, &rd);
	CHECK(select(61, &rd, NULL, NULL, &tv) == -1 && errno == EBADF);
	struct timespec ts = { 0, 1000000 };
	CHECK(ppoll(pf, 1, &ts, NULL) == 1 && pf[0].revents == POLLIN);
	close(p[1]);
	char c;
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(poll(pf, 1, 0) == 1 && pf[0].revents == POLLHUP);
	close(p[0]);
}

struct later {
	int fd;
	int ms;
	const char *msg;
};

static void *write_later(void *arg)
{
	struct later *l = arg;
	struct timespec ts = { 0, l->ms * 1000000L };

	nanosleep(&ts, NULL);
	write(l->fd, l->msg, strlen(l->msg));
	return NULL;
}

/* A thread blocked in poll, select or read is woken by a write from another thread. */
static void case_wakeup(void)
{
	int p[2];
	pthread_t t;
	struct later l;
	struct pollfd pf;
	char buf[16];
	long long t0;

	CHECK(pipe(p) == 0);
	l = (struct later){ p[1], 30, "hello" };
	CHECK(pthread_create(&t, NULL, write_later, &l) == 0);
	pf = (struct pollfd){ p[0], POLLIN, 0 };
	t0 = now_ms();
	CHECK(poll(&pf, 1, -1) == 1 && pf.revents == POLLIN);
	CHECK(now_ms() - t0 >= 29);
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5));
	pthread_join(t, NULL);

	l = (struct later){ p[1], 20, "again" };
	CHECK(pthread_create(&t, NULL, write_later, &l) == 0);
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && !memcmp(buf, "again", 5)); /* blocks */
	pthread_join(t, NULL);

	/* a writer blocked on a full pipe resumes when the reader drains it */
	static char big[10000];
	memset(big, 'z', sizeof(big));
	l = (struct later){ p[1], 0, big };
	big[sizeof(big) - 1] = 0;
	CHECK(pthread_create(&t, NULL, write_later, &l) == 0);
	size_t got = 0;
	while (got < sizeof(big) - 1) {
		ssize_t n = read(p[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	CHECK(got == sizeof(big) - 1);
	pthread_join(t, NULL);
	close(p[0]);
	close(p[1]);
}

/* Run-time dispatch by number, and a call nobody provides. */
static void case_syscall(void)
{
	int p[2];
	char c = 0;

	CHECK(syscall(UK_SYS_pipe, p) == 0);
	CHECK(syscall(UK_SYS_write, p[1], "k", 1) == 1);
	CHECK(syscall(UK_SYS_read, p[0], &c, 1) == 1 && c == 'k');
	CHECK(syscall(UK_SYS_close, 99) == -1 && errno == EBADF);
	CHECK(syscall(UK_SYS_close, p[0]) == 0 && syscall(UK_SYS_close, p[1]) == 0);
	CHECK(syscall(UK_SYS_kexec_load, 0, 0, 0, 0) == -1 && errno == ENOSYS);
	CHECK(syscall(UK_SYS_kexec_load, 0, 0, 0, 0) == -1 && errno == ENOSYS); /* logged once */
	CHECK(syscall(9999) == -1 && errno == ENOSYS);
}

/* The syscall instruction, as code built for Linux issues it. */
static long raw_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return ret;
}

/*
 * Through the trap on kvm (through the host kernel on linuxu, where syscall
 * user dispatch lets the image's own instructions through and the same
 * calls give the same results): a write, a pipe round trip, and every
 * register Linux preserves still holding its value afterwards.
 */
static void case_trap(void)
{
	int p[2];
	char c = 0;
	long regs_ok;

	CHECK(raw_syscall3(UK_SYS_write, 1, (long)"trap: hello\n", 12) == 12);
	CHECK(raw_syscall3(UK_SYS_pipe2, (long)p, 0, 0) == 0);
	CHECK(raw_syscall3(UK_SYS_write, p[1], (long)"t", 1) == 1);
	CHECK(raw_syscall3(UK_SYS_read, p[0], (long)&c, 1) == 1 && c == 't');
	CHECK(raw_syscall3(UK_SYS_close, p[0], 0, 0) == 0 && raw_syscall3(UK_SYS_close, p[1], 0, 0) == 0);
	CHECK(raw_syscall3(UK_SYS_close, p[1], 0, 0) == -EBADF);
	/* rdi rsi rdx r8 r9 r10 rbx rbp r12-r15 survive; rcx and r11 may not */
	__asm__ volatile("push %%rbx\n\tpush %%rbp\n\tpush %%r12\n\tpush %%r13\n\tpush %%r14\n\tpush %%r15\n"
			 "\tmov $11, %%rdi\n\tmov $12, %%rsi\n\tmov $13, %%rdx\n\tmov $14, %%r10\n"
			 "\tmov $15, %%r8\n\tmov $16, %%r9\n\tmov $17, %%rbx\n\tmov $18, %%rbp\n"
			 "\tmov $19, %%r12\n\tmov $20, %%r13\n\tmov $21, %%r14\n\tmov $22, %%r15\n"
			 "\tmov %[nr], %%eax\n\tsyscall\n"
			 "\txor %%eax, %%eax\n"
			 "\tcmp $11, %%rdi\n\tjne 1f\n\tcmp $12, %%rsi\n\tjne 1f\n\tcmp $13, %%rdx\n\tjne 1f\n"
			 "\tcmp $14, %%r10\n\tjne 1f\n\tcmp $15, %%r8\n\tjne 1f\n\tcmp $16, %%r9\n\tjne 1f\n"
			 "\tcmp $17, %%rbx\n\tjne 1f\n\tcmp $18, %%rbp\n\tjne 1f\n\tcmp $19, %%r12\n\tjne 1f\n"
			 "\tcmp $20, %%r13\n\tjne 1f\n\tcmp $21, %%r14\n\tjne 1f\n\tcmp $22, %%r15\n\tjne 1f\n"
			 "\tmov $1, %%eax\n"
			 "1:\tpop %%r15\n\tpop %%r14\n\tpop %%r13\n\tpop %%r12\n\tpop %%rbp\n\tpop %%rbx\n"
			 : "=a"(regs_ok)
			 : [nr] "i"(UK_SYS_close)
			 : "rcx", "r11", "rdi", "rsi", "rdx", "r8", "r9", "r10", "memory", "cc");
	CHECK(regs_ok == 1);
	/* a call nobody provides: -ENOSYS through the trap, logged (the host refuses it too) */
	CHECK(raw_syscall3(UK_SYS_pivot_root, 0, 0, 0) < 0);
}

/* The environment `uk run -e` gives (printed, for the driver to compare). */
static void case_env(void)
{
	const char *names[] = { "GREETING", "EMPTY", "UNSET", "A=B" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);

		printf("env %s=%s%s%s\n", names[i], v ? "[" : "", v ? v : "(unset)", v ? "]" : "");
	}
}

/* The single-process answers, through their POSIX names and by number. */
static void case_process(void)
{
	struct utsname u;
	unsigned char a[40] = { 0 }, b[40] = { 0 };
	unsigned long fs = 0, brk0, brk1;

	CHECK(getpid() == 1 && getppid() == 0 && getuid() == 0 && syscall(UK_SYS_gettid) == 1);
	CHECK(uname(&u) == 0 && !strcmp(u.sysname, "Linux") && !strcmp(u.machine, "x86_64"));
	CHECK(getrandom(a, sizeof(a), 0) == sizeof(a) && getrandom(b, sizeof(b), 0) == sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(getrandom(a, 1, 0x100) == -1 && errno == EINVAL);
	char *m = mmap(NULL, 10000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED && ((unsigned long)m & 4095) == 0 && m[9999] == 0);
	memset(m, 1, 10000);
	CHECK(mprotect(m, 4096, PROT_READ) == 0 && munmap(m, 10000) == 0);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 5, 0) == MAP_FAILED && errno == EBADF); /* no such descriptor */
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 0, 0) == MAP_FAILED && errno == ENODEV);
	brk0 = (unsigned long)syscall(UK_SYS_brk, 0);
	brk1 = (unsigned long)syscall(UK_SYS_brk, brk0 + 8192);
	CHECK(brk0 != 0 && brk1 == brk0 + 8192);
	((char *)brk0)[8191] = 7;
	CHECK((unsigned long)syscall(UK_SYS_brk, brk0 + (1UL << 40)) == brk1); /* refused: unchanged */
	CHECK(syscall(UK_SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &fs) == 0);
	CHECK(syscall(UK_SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, fs) == 0);
	CHECK(syscall(UK_SYS_rt_sigprocmask, 0, NULL, a, 8) == 0);
	CHECK(syscall(UK_SYS_set_tid_address, &fs) == 1);
	struct timespec ts;
	CHECK(syscall(UK_SYS_clock_gettime, CLOCK_MONOTONIC, &ts) == 0 && (ts.tv_sec || ts.tv_nsec));
	CHECK(syscall(UK_SYS_clock_gettime, 99, &ts) == -1 && errno == EINVAL);
}

static unsigned long long ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static void bench_line(const char *what, unsigned long long ns, int n)
{
	unsigned long long tenths = ns * 10 / (unsigned long long)n;

	printf("bench %s_ns %llu.%llu\n", what, tenths / 10, tenths % 10);
}

#ifdef CONFIG_HAVE_UK_PLAT_LINUXU
typedef long (*stub_fn)(long nr);

/*
 * A `syscall` outside the image, as a Linux-built program's code is:
 * syscall user dispatch turns it into SIGSYS, served by uk. The page is
 * made executable by the host directly (this image's own instruction is
 * let through), since uk's mprotect has nothing to do.
 */
static stub_fn outside_stub(void)
{
	static const unsigned char code[] = { 0x48, 0x89, 0xf8, 0x0f, 0x05, 0xc3 }; /* mov %rdi,%rax; syscall; ret */
	unsigned char *page = aligned_alloc(4096, 4096);

	if (!page)
		return NULL;
	memcpy(page, code, sizeof(code));
	if (raw_syscall3(UK_SYS_mprotect, (long)page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
		return NULL;
	return (stub_fn)(void *)page;
}
#endif

/*
 * Nanoseconds per no-op system call (getppid) by each path: the direct call
 * (the weak POSIX function), run-time syscall(), and the syscall
 * instruction (the trap on kvm; the host kernel on linuxu), in batches; on
 * linuxu also the instruction issued from outside the image (syscall user
 * dispatch: what an unmodified program's call costs).
 * Not a test: `pnpm bench posix` reads these lines.
 */
static void case_bench(void)
{
	enum { N = 200000, BATCHES = 5 };
	volatile long sink = 0;
#ifdef CONFIG_HAVE_UK_PLAT_LINUXU
	stub_fn stub = outside_stub();

	CHECK(stub != NULL && stub(UK_SYS_getppid) == 0); /* uk's answer: the host's parent is no 0 */
#endif

	for (int b = 0; b < BATCHES; b++) {
		unsigned long long t = ns_now();

		for (int i = 0; i < N; i++)
			sink += getppid();
		bench_line("direct", ns_now() - t, N);
		t = ns_now();
		for (int i = 0; i < N; i++)
			sink += syscall(UK_SYS_getppid);
		bench_line("syscall", ns_now() - t, N);
		t = ns_now();
		for (int i = 0; i < N; i++)
			sink += raw_syscall3(UK_SYS_getppid, 0, 0, 0);
		bench_line("trap", ns_now() - t, N);
#ifdef CONFIG_HAVE_UK_PLAT_LINUXU
		/* a signal per call: a tenth as many */
		t = ns_now();
		for (int i = 0; i < N / 10; i++)
			sink += stub(UK_SYS_getppid);
		bench_line("dispatch", ns_now() - t, N / 10);
#endif
	}
	(void)sink;
}

/*
 * Standard input from the console (only when asked for: it needs input).
 * Echoes each line until one says "end" or the input ends; poll must see
 * the first line coming although the console raises no interrupt.
 */
static void case_stdin(void)
{
	struct pollfd p = { 0, POLLIN, 0 };
	char line[128];
	int lines = 0;

	CHECK(poll(&p, 1, 10000) == 1 && (p.revents & POLLIN));
	while (fgets(line, sizeof(line), stdin)) {
		if (!strcmp(line, "end\n"))
			break;
		printf("stdin: [%.*s]\n", (int)strcspn(line, "\n"), line);
		lines++;
	}
	printf("stdin: %d lines\n", lines);
}

/*
 * Standard input to its end: every byte piped to uk run (0xFF and NUL
 * included), then end of file, which stays: fgets gives NULL, read 0.
 */
static void case_stdin_eof(void)
{
	unsigned long long h = 0xcbf29ce484222325ull;
	unsigned long n = 0;
	char line[64];
	int c;

	while ((c = getchar()) != EOF) {
		h = (h ^ (unsigned char)c) * 0x100000001b3ull;
		n++;
	}
	CHECK(feof(stdin) && !ferror(stdin));
	CHECK(fgets(line, sizeof(line), stdin) == NULL);
	CHECK(read(0, line, sizeof(line)) == 0);
	printf("stdin_eof: %lu bytes fnv=%016llx\n", n, h);
}

static const struct {
	const char *name;
	void (*run)(void);
} cases[] = {
	{ "order", case_order },	 { "console", case_console },
	{ "badf", case_badf },		 { "dup", case_dup },
	{ "flags", case_flags },	 { "emfile", case_emfile },
	{ "poll_timeout", case_poll_timeout }, { "wakeup", case_wakeup },
	{ "syscall", case_syscall },	 { "trap", case_trap },
	{ "process", case_process },	 { "env", case_env },	 { "bench", case_bench },
	{ "stdin", case_stdin },	 { "stdin_eof", case_stdin_eof },
};

int main(int argc, char *argv[])
{
	int failed = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* the benchmark and the stdin case only run when asked for */
		if (argc > 1 ? strcmp(argv[1], cases[i].name) != 0
			     : !strcmp(cases[i].name, "bench") || !strncmp(cases[i].name, "stdin", 5))
			continue;
		failed_checks = 0;
		cases[i].run();
		if (failed_checks)
			failed++;
		else
			printf("ok %s\n", cases[i].name);
	}
	return failed;
}
