// One ordinary C program (src/main.c: formatting, strings, files through
// stdio and descriptors, a directory, time, the environment, threads,
// atexit, the exit code), built three ways: for the host with its own C
// library, as a uk image against musl (@uk/libc-musl, this app, which selects it) and as
// a uk image against @uk/libc (a copy of this app without the select). On
// linuxu and kvm (QEMU, TCG unless KVM works), each image's transcript and
// exit code must be the host run's, byte for byte. The same images run the
// ordinary programs of progs/ (the sources `uk exec`'s tests build for
// Linux) by name, each compared with its own host run in the same way.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { built, installedPackages, needTool, tempDir, writeScratchApp } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const GREETING = 'hello, "quoted" world';
const work = tempDir('libc-pair');

interface Run {
  stdout: string;
  exitCode: number | undefined;
}

let host: Run;

/** This app again, taking @uk/libc: the same sources, no select, its packages linked from the workspace. */
function withUkLibc(): string {
  const dir = path.join(work, 'libc-pair-uk-libc');
  if (existsSync(dir)) return dir;
  const pkg = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; uk: Record<string, unknown> };
  const uk = { ...pkg.uk };
  delete uk.select;
  // @uk/libc is installed for this app as a devDependency, for this copy only.
  const deps = [...Object.keys(pkg.dependencies).filter((d) => d !== '@uk/libc-musl'), '@uk/libc'];
  const files = Object.fromEntries(
    ['src', 'progs'].flatMap((sub) => readdirSync(path.join(appDir, sub), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(appDir, path.join(e.parentPath, e.name)))
      .map((rel) => [rel, path.join(appDir, rel)])),
  );
  return writeScratchApp({ dir, name: 'libc-pair-uk-libc', packages: installedPackages(appDir, deps), uk, files });
}

function ukRun(dir: string, target: string, args: string[] = ['-e', `PAIR_GREETING=${GREETING}`]) {
  const extra = target === 'kvm-x86_64' ? ['--machine', 'microvm', '--mem', '64M', '--timeout', '120'] : [];
  return execa('node', [bin, 'run', dir, '--target', target, ...extra, ...args], {
    cwd: root,
    reject: false,
    timeout: 580_000,
    stdin: 'ignore',
    env: { NO_COLOR: '1' },
  });
}

beforeAll(() => {
  built(path.join(root, 'tooling/cli/dist/cli.js'));
  needTool('gcc');
  const exe = path.join(work, 'libc-pair-host');
  const sources = readdirSync(path.join(appDir, 'src')).map((f) => path.join(appDir, 'src', f));
  execFileSync('gcc', ['-O2', '-pthread', '-o', exe, ...sources]);
  const cwd = path.join(work, 'host-run');
  mkdirSync(cwd);
  const r = spawnSync(exe, [], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PAIR_GREETING: GREETING } });
  host = { stdout: r.stdout, exitCode: r.status ?? undefined };
  // The host run itself is what the program expects: every part ran, the exit code is main's.
  expect(host.stdout).toContain('read 3: line 3 of 3\n');
  expect(host.stdout).toContain(`env PAIR_GREETING=[${GREETING}] PAIR_UNSET=(unset)\n`);
  expect(host.stdout).toContain('threads: 1 2 3 4, counter 4000\n');
  expect(host.stdout).toContain("errno per thread: 4 of 4 kept, main's 7\n");
  expect(host.stdout).toContain("__thread: 4 of 4 started fresh and aligned, 4 of 4 kept, main's 5\n");
  expect(host.stdout).toContain('getaddrinfo localhost 8080: 0 [127.0.0.1 port 8080]\n');
  expect(host.stdout).toContain('poll: 1 writable 1\n');
  expect(host.stdout.endsWith('exit 7\natexit ran\n')).toBe(true);
  expect(host.exitCode).toBe(7);
});

/**
 * The programs of progs/ this image holds (src/prog_*.c) and their arguments; files works in the
 * current directory. No environment is given: a uk image's environ lists none of `uk run -e`'s.
 */
const PROGRAMS: Record<string, string[]> = { env: ['3', 'two'], time: [], files: ['.'], sockets: [], hello: ['4', 'word'], threads: [] };
const hostPrograms = new Map<string, Run>();

beforeAll(() => {
  // The host's build of this app (the first beforeAll), given a program's name, runs that program.
  for (const [name, args] of Object.entries(PROGRAMS)) {
    const cwd = path.join(work, `prog-${name}-run`);
    mkdirSync(cwd);
    const r = spawnSync(path.join(work, 'libc-pair-host'), [name, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    // Each host run says something: a program that printed nothing would compare equal to a silent image.
    expect(r.stdout.split('\n').length, `${name}: ${r.stderr}`).toBeGreaterThan(3);
    hostPrograms.set(name, { stdout: r.stdout, exitCode: r.status ?? undefined });
  }
  expect(hostPrograms.get('env')?.exitCode).toBe(3);
  expect(hostPrograms.get('sockets')?.stdout).toContain('client got [pong]\n');
  // __thread in main (an initial value, changed) and in every thread (each its own).
  expect(hostPrograms.get('hello')?.stdout).toContain(' tls=42 ');
  expect(hostPrograms.get('hello')?.exitCode).toBe(4);
  expect(hostPrograms.get('threads')?.stdout).toContain("sum=800 main's mine=7\n");
  expect(hostPrograms.get('threads')?.exitCode).toBe(0);
});

const libcs: Array<[string, () => string]> = [
  ['@uk/libc-musl', () => appDir],
  ['@uk/libc', withUkLibc],
];

for (const target of ['linuxu-x86_64', 'kvm-x86_64']) {
  describe(`libc-pair on ${target}`, () => {
    if (target === 'kvm-x86_64') beforeAll(() => needTool('qemu-system-x86_64'));
    for (const [libc, dir] of libcs) {
      it(`against ${libc}: the host run's output and exit code`, { timeout: 600_000 }, async () => {
        const r = await ukRun(dir(), target);
        // The serial console may end lines with CR LF.
        const out = r.stdout.replace(/\r\n/g, '\n');
        expect(`${out}\n`, r.stderr).toBe(host.stdout);
        expect(r.exitCode, r.stderr).toBe(7);
        // The image really holds the C library it was meant to, and only that one.
        const lock = JSON.parse(readFileSync(path.join(dir(), 'uk.lock.json'), 'utf8'));
        const names = lock.targets[target].libs.map((l: { name: string }) => l.name);
        expect(names).toContain(libc);
        expect(names).not.toContain(libc === '@uk/libc' ? '@uk/libc-musl' : '@uk/libc');
      });
      it(`against ${libc}: progs/ compiled from source, as on the host`, { timeout: 600_000 }, async () => {
        for (const [name, args] of Object.entries(PROGRAMS)) {
          const host = hostPrograms.get(name);
          const r = await ukRun(dir(), target, ['--', name, ...args]);
          expect(`${r.stdout.replace(/\r\n/g, '\n')}\n`, `${name}: ${r.stderr}`).toBe(host?.stdout);
          expect(r.exitCode, `${name}: ${r.stderr}`).toBe(host?.exitCode);
        }
      });
    }
  });
}
