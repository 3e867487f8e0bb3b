// uk exec: an unmodified Linux executable as a unikernel in one command
// (kvm, QEMU TCG). The program (apps/libc-pair/progs/hello.c, built
// with the host's gcc -static-pie) prints exactly what the host run prints
// (glibc's start-up calls are all served: no ENOSYS line) and exits with
// its status. The ordinary programs of progs/ (threads: pthread_create/join,
// mutex, condition variable, __thread, a timed wait; env; time; files in
// the ramfs; TCP and UDP sockets on 127.0.0.1 inside the guest), each built
// with glibc (gcc -static-pie) and with musl, run as on the host: same
// output, same status -- on kvm and on linuxu, where the program's calls
// must reach uk (pid 1, node "uk"), not the host kernel. With -v the
// program works in host directories (uk run's volumes: virtio-9p on kvm,
// diod on linuxu): the host sees exactly the bytes written, a :ro volume
// refuses changes with EROFS. With -v and -p together (the loader with both
// 9P and the network drivers) the program answers a host connection with
// a file of a host directory and writes the request there. Programs it
// cannot run are refused before anything is built, naming the fix.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { built, needTool, tempDir } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const progs = path.join(root, 'apps/libc-pair/progs');
const source = path.join(progs, 'hello.c');
const MUSL = '/usr/lib/x86_64-linux-musl';
const work = tempDir('uk-exec');
const prog = (name: string) => path.join(work, name);

beforeAll(async () => {
  built(path.join(root, 'tooling/cli/dist/cli.js'));
  needTool('qemu-system-x86_64');
  needTool('musl-gcc');
  await execa('gcc', ['-static-pie', '-O2', '-o', prog('hello'), source]);
  await execa('gcc', ['-static-pie', '-O0', '-o', prog('other'), source]);
  await execa('gcc', ['-O2', '-o', prog('dynamic'), source]);
  await execa('musl-gcc', ['-static', '-O2', '-o', prog('nonpie'), source]);
  await execa('gcc', ['-static', '-O2', '-o', prog('nonpie-glibc'), source]);
  await execa('musl-gcc', ['-static', '-O2', '-Wl,-Ttext-segment=0x10000000', '-o', prog('nonpie-high'), source]);
  const arm = readFileSync(prog('hello'));
  arm.writeUInt16LE(183, 18); // e_machine: AArch64
  writeFileSync(prog('aarch64'), arm);
  writeFileSync(prog('script'), '#!/bin/sh\necho hi\n');
  copyFileSync(prog('hello'), prog('hello copy'));
  writeFileSync(prog('who.c'), WHO_ANSWERS);
  writeFileSync(prog('noproc.c'), NO_PROCESSES);
  writeFileSync(prog('server.c'), ONE_CONNECTION);
  writeFileSync(prog('shared.c'), SHARED_DIRS);
  writeFileSync(prog('fileserver.c'), SERVES_A_FILE);
  await execa('gcc', ['-static-pie', '-O2', '-o', prog('fileserver'), prog('fileserver.c')]);
  await execa('gcc', ['-static-pie', '-O2', '-o', prog('shared'), prog('shared.c')]);
  await execa('gcc', ['-static-pie', '-O2', '-o', prog('server'), prog('server.c')]);
  await execa('gcc', ['-static-pie', '-O2', '-o', prog('noproc'), prog('noproc.c')]);
  await execa('gcc', ['-static-pie', '-O2', '-o', prog('who'), prog('who.c')]);
  for (const name of ['threads', ...Object.keys(ORDINARY)]) {
    await execa('gcc', ['-static-pie', '-O2', '-pthread', '-o', prog(`${name}-glibc`), path.join(progs, `${name}.c`)]);
    await muslStaticPie(path.join(progs, `${name}.c`), prog(`${name}-musl`));
  }
});

/**
 * The ordinary programs of progs/ beside threads.c: how each is run (its
 * arguments, given the directory it may write in, and its environment)
 * and a line its output must hold, so a run that prints nothing fails.
 */
const ORDINARY: Record<string, { args: (dir: string) => string[]; env: Record<string, string>; status: number; says: string }> = {
  env: { args: () => ['7', 'two words', ''], env: { PROG_A: 'one', PROG_B: 'b=2' }, status: 7, says: 'after: PROG_NEW=fresh PROG_A=one PROG_B=(null)' },
  time: { args: () => [], env: {}, status: 0, says: 'gmtime(1700000000) = 2023-11-14 22:13:20 Tue 318' },
  files: { args: (dir) => [dir], env: {}, status: 0, says: 'pread after writing the mapping: 1 b (the mapping has Z)' },
  sockets: { args: () => [], env: {}, status: 0, says: 'client got [pong]' },
};

/** musl-gcc has no -static-pie: compile PIE, link with musl's rcrt1.o (self-relocating start). */
async function muslStaticPie(src: string, out: string): Promise<void> {
  await execa('musl-gcc', ['-fPIE', '-O2', '-c', '-o', `${out}.o`, src]);
  const libgcc = (await execa('gcc', ['-print-libgcc-file-name'])).stdout.trim();
  await execa('gcc', ['-nostdlib', '-static-pie', '-o', out, `${MUSL}/rcrt1.o`, `${MUSL}/crti.o`, `${out}.o`, `-L${MUSL}`, '-lc', libgcc, `${MUSL}/crtn.o`]);
}

/**
 * The first run on each target builds the loader image (lwIP included),
 * which on a loaded machine takes minutes; later runs reuse it and take
 * seconds (QEMU's own --timeout bounds a hung guest).
 */
const FIRST_BUILD_MS = 380_000;

/** The same on linuxu: the image is a process; the program's calls reach uk through syscall user dispatch. */
const ukLinuxu = (...args: string[]) =>
  execa('node', [bin, 'exec', '--target', 'linuxu-x86_64', '--timeout', '60', ...args], { cwd: root, reject: false, timeout: FIRST_BUILD_MS, stdin: 'ignore', env: { NO_COLOR: '1' } });

const WHO_ANSWERS = `/* Prints what the kernel that serves its calls says about the process. */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	struct utsname u;

	uname(&u);
	printf("pid=%d node=%s release=%s\\n", getpid(), u.nodename, u.release);
	return 0;
}
`;

const ONE_CONNECTION = `/* Serves one TCP connection on the port in argv[1]: what it reads comes back upper-cased. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_ANY) };
	int s = socket(AF_INET, SOCK_STREAM, 0), c;
	char buf[64];
	ssize_t n;

	if (argc < 2 || s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 1) != 0) {
		perror("server");
		return 1;
	}
	printf("listening\\n");
	fflush(stdout);
	c = accept(s, NULL, NULL);
	n = c < 0 ? -1 : read(c, buf, sizeof(buf));
	for (ssize_t i = 0; i < n; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
	if (n <= 0 || write(c, buf, (size_t)n) != n) {
		perror("server");
		return 1;
	}
	close(c);
	close(s);
	printf("served %zd bytes\\n", n);
	return 0;
}
`;

const SHARED_DIRS = `/* Works in two host directories: /data (copies, creates, renames) and /ro (read-only). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *err(int r)
{
	return r >= 0 ? "done" : errno == EROFS ? "EROFS" : errno == EACCES ? "EACCES" : "other error";
}

int main(void)
{
	static char buf[1 << 20];
	char seen[64] = { 0 };
	ssize_t n = 0, got;
	int in = open("/data/in.bin", O_RDONLY), out, ro;

	while (in >= 0 && (got = read(in, buf + n, sizeof(buf) - (size_t)n)) > 0)
		n += got;
	out = open("/data/copy.bin", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (in < 0 || out < 0 || write(out, buf, (size_t)n) != n || close(out) != 0)
		return 1;
	if (mkdir("/data/made", 0755) != 0 || rename("/data/old.txt", "/data/made/new.txt") != 0)
		return 2;
	out = open("/data/made/note.txt", O_CREAT | O_WRONLY | O_EXCL, 0644);
	if (out < 0 || write(out, "made in the guest\\n", 18) != 18 || close(out) != 0)
		return 3;
	printf("copied %zd bytes\\n", n);
	ro = open("/ro/seen.txt", O_RDONLY);
	printf("ro read: [%.*s]\\n", (int)read(ro, seen, sizeof(seen)), seen);
	printf("ro write: %s\\n", err(open("/ro/seen.txt", O_WRONLY)));
	printf("ro create: %s\\n", err(open("/ro/new.txt", O_CREAT | O_WRONLY, 0644)));
	printf("ro unlink: %s\\n", err(unlink("/ro/seen.txt")));
	printf("ro mkdir: %s\\n", err(mkdir("/ro/dir", 0755)));
	return 0;
}
`;

const SERVES_A_FILE = `/* Serves one file of the volume at /data over one TCP connection on the port in argv[1]:
 * keeps the request line (a name and a newline) in /data/request.txt, then answers
 * with the contents of /data/<name>. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Writes all n bytes: a socket or a 9P file may take fewer at a time. */
static int put(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	static char body[1 << 16];
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
	char req[128], file[160], *end = NULL;
	size_t n = 0, len = 0;
	ssize_t got = 0;
	int s, c, f;

	if (argc < 2)
		return 1;
	a.sin_port = htons(atoi(argv[1]));
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 1) != 0) {
		perror("listen");
		return 1;
	}
	printf("listening\\n");
	fflush(stdout);
	c = accept(s, NULL, NULL);
	/* The line may arrive in pieces: read until its newline. */
	while (c >= 0 && (end = memchr(req, '\\n', n)) == NULL && n < sizeof(req) && (got = read(c, req + n, sizeof(req) - n)) > 0)
		n += (size_t)got;
	if (end == NULL) {
		fprintf(stderr, "no request line\\n");
		return 2;
	}
	f = open("/data/request.txt", O_CREAT | O_WRONLY | O_EXCL, 0644);
	if (f < 0 || put(f, req, n) != 0 || close(f) != 0) {
		perror("request.txt");
		return 3;
	}
	*end = '\\0';
	snprintf(file, sizeof(file), "/data/%s", req);
	f = open(file, O_RDONLY);
	while (f >= 0 && len < sizeof(body) && (got = read(f, body + len, sizeof(body) - len)) > 0)
		len += (size_t)got;
	if (f < 0 || got < 0 || close(f) != 0) {
		perror(file);
		return 4;
	}
	if (put(c, body, len) != 0 || close(c) != 0) {
		perror("answer");
		return 5;
	}
	close(s);
	printf("served %zu bytes of %s\\n", len, req);
	return 0;
}
`;

const NO_PROCESSES = `/* What a single process cannot do: fork, and futex operations uk does not offer. */
#include <errno.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int word = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	printf("fork=%d %s\\n", (int)pid, pid < 0 ? strerror(errno) : "");
	for (int i = 0; i < 2; i++) {
		long r = syscall(SYS_futex, &word, FUTEX_LOCK_PI, 0, NULL, NULL, 0);

		printf("lock_pi=%ld %s\\n", r, strerror(errno));
	}
	return 0;
}
`;

const uk = (...args: string[]) =>
  execa('node', [bin, 'exec', '--accel', 'tcg', '--timeout', '120', ...args], { cwd: root, reject: false, timeout: FIRST_BUILD_MS, stdin: 'ignore', env: { NO_COLOR: '1' } });

/** Non-PIE static programs, glibc's and musl's, on one target: `run` is its uk exec. */
function nonPieRuns(run: typeof uk): void {
  it.each([
    ['glibc', 'nonpie-glibc'],
    ['musl', 'nonpie'],
  ])('runs a non-PIE static %s program at its fixed address, as on the host', async (_libc, name) => {
    const host = await execa(prog(name), ['5'], { reject: false, env: { WHO: 'fixed' }, extendEnv: false });
    expect(host.exitCode).toBe(5);
    const r = await run('-e', 'WHO=fixed', prog(name), '--', '5');
    expect(r.stdout, r.stderr).toBe(host.stdout);
    expect(r.exitCode, r.stderr).toBe(5);
  });
}

describe('uk exec', () => {
  it('runs a static-PIE program: its output, environment and exit status', async () => {
    const args = ['9', 'two words'];
    const host = await execa(prog('hello copy'), args, { reject: false, env: { WHO: 'uk exec' }, extendEnv: false });
    expect(host.exitCode).toBe(9);
    const r = await uk('-e', 'WHO=uk exec', prog('hello copy'), '--', ...args);
    expect(r.stdout, r.stderr).toBe(host.stdout);
    expect(r.exitCode, r.stderr).toBe(9);
  }, FIRST_BUILD_MS + 20_000);

  it('reuses one loader image for every program (the program travels in the initrd)', async () => {
    const image = path.join(root, 'node_modules/.cache/uk-exec/loader/build/kvm-x86_64/uk-exec-loader');
    const before = statSync(image).mtimeMs;
    const r = await uk(prog('other'), '--', '3');
    expect(r.stdout).toContain('hello from a Linux executable: argc=2 [3]');
    expect(r.exitCode, r.stderr).toBe(3);
    expect(statSync(image).mtimeMs).toBe(before);
  });

  it.each(['glibc', 'musl'])('runs a %s program with threads (clone, futex, per-thread TLS) as on the host', async (libc) => {
    const file = prog(`threads-${libc}`);
    const host = await execa(file, [], { reject: false });
    expect(host.exitCode).toBe(0);
    expect(host.stdout).toContain('counter=200 turn=200 sum=800');
    const r = await uk(file);
    expect(r.stdout, r.stderr).toBe(host.stdout);
    expect(r.stdout + r.stderr).not.toMatch(/not implemented/);
    expect(r.exitCode, r.stderr).toBe(0);
  });

  nonPieRuns(uk);

  it('refuses, in one line, a non-PIE program whose fixed address is not free memory in the guest', async () => {
    const r = await uk(prog('nonpie-high'));
    expect(r.stdout + r.stderr).toMatch(/this non-PIE program must be loaded at 0x10000000-0x1[0-9a-f]+, which is not free memory here; give the image more memory with --mem, or build it with -static-pie/);
    expect(r.exitCode).toBe(127);
  });

  it.each(Object.keys(ORDINARY).flatMap((name) => [[name, 'glibc'], [name, 'musl']]))('runs the ordinary program %s (%s) as on the host', async (name, libc) => {
    const { args, env, status, says } = ORDINARY[name]!;
    const file = prog(`${name}-${libc}`);
    const dir = tempDir(`uk-exec-${name}-${libc}`);
    const host = await execa(file, args(dir), { reject: false, env, extendEnv: false, cwd: dir });
    expect(host.exitCode, host.stderr).toBe(status);
    expect(host.stdout).toContain(says);
    const r = await uk(...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), file, '--', ...args('/'));
    expect(r.stdout, r.stderr).toBe(host.stdout);
    expect(r.stdout + r.stderr).not.toMatch(/not implemented/);
    expect(r.exitCode, r.stderr).toBe(status);
  });

  it.each([
    ['missing', /missing does not exist or cannot be read/, /give the path of a Linux executable/],
    ['dynamic', /dynamic is dynamically linked; uk exec runs static executables/, /gcc -static-pie/],
    ['aarch64', /aarch64 is not an x86_64 executable/, /build it for x86_64/],
    ['script', /script is not an ELF executable/, /scripts are not run/],
  ])('refuses %s before building', async (name, message, fix) => {
    const r = await uk(prog(name));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(fix);
    expect(r.stdout).toBe('');
  });
});

describe('uk exec --target linuxu-x86_64', () => {
  it('serves the program\'s calls in uk, not in the host kernel (syscall user dispatch)', async () => {
    const host = await execa(prog('who'), []);
    expect(host.stdout).not.toContain('node=uk ');
    const r = await ukLinuxu(prog('who'));
    expect(r.stdout, r.stderr).toBe('pid=1 node=uk release=6.1.0-uk');
    expect(r.exitCode, r.stderr).toBe(0);
  }, FIRST_BUILD_MS + 20_000);

  it('refuses fork and unknown futex operations with ENOSYS, saying so once', async () => {
    const r = await ukLinuxu(prog('noproc'));
    const all = `${r.stdout}\n${r.stderr}`;
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('[uk-')).join('\n'), all).toBe('fork=-1 Function not implemented\nlock_pi=-1 Function not implemented\nlock_pi=-1 Function not implemented');
    expect(all.match(/\[uk-syscall\] futex operation 6 is not implemented: ENOSYS/g)?.length, all).toBe(1);
    expect(r.exitCode, r.stderr).toBe(0);
  });

  nonPieRuns(ukLinuxu);

  it('refuses, in one line, a non-PIE program whose fixed address is not in the heap', async () => {
    const r = await ukLinuxu(prog('nonpie-high'));
    expect(r.stdout + r.stderr).toMatch(/this non-PIE program must be loaded at 0x10000000-0x1[0-9a-f]+, which is not free memory here/);
    expect(r.exitCode).toBe(127);
  });

  it.each(['threads', ...Object.keys(ORDINARY)].flatMap((name) => [[name, 'glibc'], [name, 'musl']]))('runs %s (%s) as on the host', async (name, libc) => {
    const { args, env, status } = ORDINARY[name] ?? { args: () => [], env: {}, status: 0 };
    const file = prog(`${name}-${libc}`);
    const dir = tempDir(`uk-exec-linuxu-${name}-${libc}`);
    const host = await execa(file, args(dir), { reject: false, env, extendEnv: false, cwd: dir });
    expect(host.exitCode, host.stderr).toBe(status);
    const r = await ukLinuxu(...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), file, '--', ...args('/'));
    expect(r.stdout, r.stderr).toBe(host.stdout);
    expect(r.stdout + r.stderr).not.toMatch(/not implemented/);
    expect(r.exitCode, r.stderr).toBe(status);
  });
});

/** A host port nobody listens on now. */
async function freeHostPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen({ host: '127.0.0.1', port: 0 }, r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** Sends `text` to 127.0.0.1:port and resolves with the answer ('' when the connection closed without one). */
function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const sock = connect({ host: '127.0.0.1', port }, () => sock.write(text));
    sock.setTimeout(5_000, () => sock.destroy());
    sock.on('data', (d) => (got += d.toString()));
    sock.on('error', () => resolve(got));
    sock.on('close', () => resolve(got));
  });
}

/**
 * Runs `uk exec --target <target> ...args`, whose program listens on host port
 * `port` (published with -p): once it says "listening", sends `request` there
 * and resolves with the answer and the finished run. A run that never listens
 * or never answers fails the test with what it printed.
 */
async function askPublished(target: string, args: string[], port: number, request: string) {
  const run = execa('node', [bin, 'exec', '--target', target, '--timeout', '120', ...args], {
    cwd: root, reject: false, timeout: FIRST_BUILD_MS, stdin: 'ignore', env: { NO_COLOR: '1' },
  });
  let out = '';
  await new Promise<void>((resolve) => {
    run.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) resolve();
    });
    void run.then(() => resolve());
  });
  if (!out.includes('listening')) expect.fail(`the program never listened: ${(await run).stderr}`);
  // QEMU's user network accepts on the host port at once and forwards once the guest listens: retry until answered.
  let answer = '';
  for (let i = 0; i < 20 && answer === ''; i++) {
    answer = await exchange(port, request);
    if (answer === '') await new Promise((r) => setTimeout(r, 500));
  }
  if (answer === '') {
    run.kill();
    const r = await run;
    expect.fail(`no answer through host port ${port}; the run printed: ${r.stdout} ${r.stderr}`);
  }
  return { answer, r: await run };
}

/** The image's own line about its address, printed first as with uk run. */
const NET_LINE = /net-lwip: \S+ \d+\.\d+\.\d+\.\d+\/\d+ gateway .*/.source;

describe('uk exec -p', () => {
  it.each([
    ['kvm-x86_64', ['--accel', 'tcg']],
    ['linuxu-x86_64', []],
  ])('publishes a port the program listens on, as uk run -p does (%s)', async (target, extra) => {
    const port = await freeHostPort();
    const { answer, r } = await askPublished(target, [...extra, '-p', `${port}:8080`, prog('server'), '--', '8080'], port, 'ping from the host');
    expect(answer).toBe('PING FROM THE HOST');
    // The image's own line about its address comes first, as with uk run; then the program's output.
    expect(r.stdout, r.stderr).toMatch(new RegExp(`^${NET_LINE}\nlistening\nserved 18 bytes$`));
    expect(r.exitCode, r.stderr).toBe(0);
  }, FIRST_BUILD_MS + 60_000);
});

describe('uk exec -v with -p', () => {
  it.each([
    ['kvm-x86_64', ['--accel', 'tcg']],
    ['linuxu-x86_64', []],
  ])('serves a file of a host directory through a published port and writes the request there (%s)', async (target, extra) => {
    const data = tempDir(`uk-exec-fsnet-${target}`);
    // Random name and contents: only this run's request and this file can match. The page spans many TCP segments and 9P reads.
    const name = `page-${randomBytes(4).toString('hex')}.txt`;
    const page = randomBytes(20_000).toString('hex');
    writeFileSync(path.join(data, name), page);
    const port = await freeHostPort();
    const { answer, r } = await askPublished(target, [...extra, '-v', `${data}:/data`, '-p', `${port}:8080`, prog('fileserver'), '--', '8080'], port, `${name}\n`);
    expect(answer.length, r.stderr).toBe(page.length);
    expect(answer === page, 'the answer is the file\'s contents').toBe(true);
    expect(r.stdout, r.stderr).toMatch(new RegExp(`^${NET_LINE}\nlistening\nserved 40000 bytes of ${name}$`));
    expect(r.exitCode, r.stderr).toBe(0);
    // The host directory holds the file unchanged and the request line, byte for byte, written by the guest.
    expect(readdirSync(data).sort()).toEqual([name, 'request.txt'].sort());
    expect(readFileSync(path.join(data, 'request.txt'), 'utf8')).toBe(`${name}\n`);
    expect(readFileSync(path.join(data, name), 'utf8')).toBe(page);
    // The run used the loader variant with both the network drivers and 9P, built in its own directory.
    expect(existsSync(path.join(root, 'node_modules/.cache/uk-exec/loader-fs-net/build', target, 'uk-exec-loader'))).toBe(true);
  }, FIRST_BUILD_MS + 60_000);
});

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('uk exec -v', () => {
  const runners = { 'linuxu-x86_64': ukLinuxu, 'kvm-x86_64': uk } as const;

  it.each(Object.keys(runners) as (keyof typeof runners)[])('the program reads and writes host directories, :ro refuses with EROFS (%s)', async (target) => {
    const data = tempDir(`uk-exec-data-${target}`);
    const ro = tempDir(`uk-exec-ro-${target}`);
    const input = randomBytes(300_000);
    writeFileSync(path.join(data, 'in.bin'), input);
    writeFileSync(path.join(data, 'old.txt'), 'moved by the guest\n');
    writeFileSync(path.join(ro, 'seen.txt'), 'seen on the host');
    const r = await runners[target]('-v', `${data}:/data`, '--volume', `${ro}:/ro:ro`, prog('shared'));
    expect(r.stdout, r.stderr).toBe(
      ['copied 300000 bytes', 'ro read: [seen on the host]', 'ro write: EROFS', 'ro create: EROFS', 'ro unlink: EROFS', 'ro mkdir: EROFS'].join('\n'),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(sha256(path.join(data, 'copy.bin'))).toBe(createHash('sha256').update(input).digest('hex'));
    expect(readdirSync(data).sort()).toEqual(['copy.bin', 'in.bin', 'made']);
    expect(readdirSync(path.join(data, 'made')).sort()).toEqual(['new.txt', 'note.txt']);
    expect(readFileSync(path.join(data, 'made/new.txt'), 'utf8')).toBe('moved by the guest\n');
    expect(readFileSync(path.join(data, 'made/note.txt'), 'utf8')).toBe('made in the guest\n');
    expect(readdirSync(ro)).toEqual(['seen.txt']);
    expect(readFileSync(path.join(ro, 'seen.txt'), 'utf8')).toBe('seen on the host');
    // The run used the loader variant with the 9P filesystem, built in its own directory.
    expect(existsSync(path.join(root, 'node_modules/.cache/uk-exec/loader-fs/build', target, 'uk-exec-loader'))).toBe(true);
  }, FIRST_BUILD_MS + 20_000);

  it.each([
    ['linuxu-x86_64', []],
    ['kvm-x86_64 on pc', ['--machine', 'pc']],
  ])('the ordinary program files, run in a volume, prints what it prints in the same host directory (%s)', async (target, extra) => {
    const file = prog('files-glibc');
    const hostDir = tempDir('uk-exec-files-host');
    const host = await execa(file, [hostDir], { reject: false });
    expect(host.exitCode, host.stderr).toBe(0);
    const shared = tempDir('uk-exec-files-shared');
    const run = target.startsWith('linuxu') ? ukLinuxu : uk;
    const r = await run(...extra, '-v', `${shared}:/data`, file, '--', '/data');
    expect(r.stdout, r.stderr).toBe(host.stdout);
    expect(r.exitCode, r.stderr).toBe(0);
    // files removes all it made: both directories end empty.
    expect(readdirSync(shared)).toEqual(readdirSync(hostDir));
  }, FIRST_BUILD_MS + 20_000);

  it('refuses a missing host directory before building, with uk run\'s message', async () => {
    const missing = path.join(work, 'no-such-dir');
    const r = await uk('-v', `${missing}:/data`, prog('shared'));
    const run = await execa('node', [bin, 'run', 'apps/hello', '-v', `${missing}:/data`], { cwd: root, reject: false, stdin: 'ignore', env: { NO_COLOR: '1' } });
    expect(r.stderr).toMatch(/-v \S+no-such-dir:\/data: \S+no-such-dir does not exist/);
    expect(r.stderr).toMatch(/create it first \(mkdir -p /);
    expect(r.stderr).toBe(run.stderr);
    expect(r.exitCode).toBe(1);
    expect(run.exitCode).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('is in uk exec --help', async () => {
    const r = await execa('node', [bin, 'exec', '--help'], { cwd: root, env: { NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/-v, --volume <host-dir:guest-path\[:ro\]>\s+share a host directory with the program over 9P/);
  });
});
