// One ordinary C program (src/main.c: formatting, strings, files through
// stdio and descriptors, a directory, time, the environment, threads,
// atexit, the exit code), built three ways: for the host with its own C
// library, as a uk image against musl (@uk/libc-musl, this app, which selects it) and as
// a uk image against @uk/libc (a copy of this app without the select). On
// linuxu and kvm (QEMU, TCG unless KVM works), each image's transcript and
// exit code must be the host run's, byte for byte.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { built, needTool, tempDir } from '@uk/test-utils';
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
  mkdirSync(path.join(dir, 'node_modules/@uk'), { recursive: true });
  cpSync(path.join(appDir, 'src'), path.join(dir, 'src'), { recursive: true });
  const pkg = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
  delete pkg.dependencies['@uk/libc-musl'];
  pkg.dependencies['@uk/libc'] = 'workspace:^';
  delete pkg.uk.select;
  pkg.name = 'libc-pair-uk-libc';
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const name of Object.keys(pkg.dependencies)) {
    const short = name.replace('@uk/', '');
    const target = realpathSync(path.join(root, short.startsWith('plat-') ? 'platforms' : 'packages', short));
    symlinkSync(target, path.join(dir, 'node_modules', name));
  }
  return dir;
}

function ukRun(dir: string, target: string) {
  const extra = target === 'kvm-x86_64' ? ['--machine', 'microvm', '--mem', '64M', '--timeout', '120'] : [];
  return execa('node', [bin, 'run', dir, '--target', target, ...extra, '-e', `PAIR_GREETING=${GREETING}`], {
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
  execFileSync('gcc', ['-O2', '-pthread', '-o', exe, path.join(appDir, 'src/main.c')]);
  const cwd = path.join(work, 'host-run');
  mkdirSync(cwd);
  const r = spawnSync(exe, [], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PAIR_GREETING: GREETING } });
  host = { stdout: r.stdout, exitCode: r.status ?? undefined };
  // The host run itself is what the program expects: every part ran, the exit code is main's.
  expect(host.stdout).toContain('read 3: line 3 of 3\n');
  expect(host.stdout).toContain(`env PAIR_GREETING=[${GREETING}] PAIR_UNSET=(unset)\n`);
  expect(host.stdout).toContain('threads: 1 2 3 4, counter 4000\n');
  expect(host.stdout).toContain("errno per thread: 4 of 4 kept, main's 7\n");
  expect(host.stdout.endsWith('exit 7\natexit ran\n')).toBe(true);
  expect(host.exitCode).toBe(7);
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
    }
  });
}
