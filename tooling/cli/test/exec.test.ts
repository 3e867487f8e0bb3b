// uk exec: an unmodified Linux executable as a unikernel in one command
// (kvm, QEMU TCG). The program (packages/elfloader/test/progs/hello.c, built
// with the host's gcc -static-pie) prints exactly what the host run prints
// (glibc's start-up calls are all served: no ENOSYS line) and exits with
// its status. Programs it
// cannot run are refused before anything is built, naming the fix.
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { built, needTool, tempDir } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const source = path.join(root, 'packages/elfloader/test/progs/hello.c');
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
  const arm = readFileSync(prog('hello'));
  arm.writeUInt16LE(183, 18); // e_machine: AArch64
  writeFileSync(prog('aarch64'), arm);
  writeFileSync(prog('script'), '#!/bin/sh\necho hi\n');
  copyFileSync(prog('hello'), prog('hello copy'));
});

const uk = (...args: string[]) =>
  execa('node', [bin, 'exec', '--accel', 'tcg', '--timeout', '120', ...args], { cwd: root, reject: false, timeout: 170_000, stdin: 'ignore', env: { NO_COLOR: '1' } });

describe('uk exec', () => {
  it('runs a static-PIE program: its output, environment and exit status', async () => {
    const args = ['9', 'two words'];
    const host = await execa(prog('hello copy'), args, { reject: false, env: { WHO: 'uk exec' }, extendEnv: false });
    expect(host.exitCode).toBe(9);
    const r = await uk('-e', 'WHO=uk exec', prog('hello copy'), '--', ...args);
    expect(r.stdout, r.stderr).toBe(host.stdout);
    expect(r.exitCode, r.stderr).toBe(9);
  });

  it('reuses one loader image for every program (the program travels in the initrd)', async () => {
    const image = path.join(root, 'node_modules/.cache/uk-exec/loader/build/kvm-x86_64/uk-exec-loader');
    const before = statSync(image).mtimeMs;
    const r = await uk(prog('other'), '--', '3');
    expect(r.stdout).toContain('hello from a Linux executable: argc=2 [3]');
    expect(r.exitCode, r.stderr).toBe(3);
    expect(statSync(image).mtimeMs).toBe(before);
  });

  it.each([
    ['missing', /missing does not exist or cannot be read/, /give the path of a Linux executable/],
    ['dynamic', /dynamic is dynamically linked; uk exec runs static executables/, /gcc -static-pie/],
    ['nonpie', /nonpie is static but not position independent/, /gcc -static-pie/],
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
