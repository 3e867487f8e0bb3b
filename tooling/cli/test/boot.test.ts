// Real QEMU boots of a tiny multiboot kernel (tooling/bench/kernels/do-nothing.S) with
// the command line uk builds, and real linuxu-style processes: checks the
// machine options, -append quoting and exit-status decoding end to end,
// without needing the build plugin.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { needTool } from '@uk/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeQemuExit } from '../src/run/exit-code.js';
import { checkKvm, planQemu } from '../src/run/qemu.js';
import { runLinuxu } from '../src/run/linuxu.js';
import { kvmSpec } from './support/kvm-spec.js';

const spec = kvmSpec();
const dir = mkdtempSync(path.join(tmpdir(), 'uk-cli-test-'));
const kvmUsable = checkKvm().usable;

describe('QEMU boots with the uk command line', () => {
  const kernel = path.join(dir, 'k.elf');
  beforeAll(async () => {
    needTool('qemu-system-x86_64', 'as', 'ld');
    const obj = path.join(dir, 'k.o');
    await execa('as', ['--32', path.join(import.meta.dirname, '../../bench/kernels/do-nothing.S'), '-o', obj]);
    await execa('ld', ['-m', 'elf_i386', '-Ttext=0x100000', obj, '-o', kernel]);
  });

  const cases: { machine: 'microvm' | 'pc'; accel: 'tcg' | 'kvm' }[] = [
    { machine: 'microvm', accel: 'tcg' },
    { machine: 'pc', accel: 'tcg' },
    // pc under this machine's nested KVM spends ~7 s in SeaBIOS: microvm only.
    ...(kvmUsable ? [{ machine: 'microvm' as const, accel: 'kvm' as const }] : []),
  ];

  it.each(cases)('$machine under $accel: console, arguments and exit code', async ({ machine, accel }) => {
    const { binary, argv } = planQemu({ image: kernel, spec, args: ['hello', 'two words', 'q"x', '7'], machine, accel, mem: '1152K' });
    const r = await execa(binary, argv, { reject: false, timeout: 60_000, stdin: 'ignore' });
    expect(r.stdout).toContain('fixture: ');
    expect(r.stdout).toContain('hello "two words" "q\\"x" 7');
    expect(decodeQemuExit(r.exitCode ?? -1, r.stderr)).toEqual({ kind: 'exit', code: 7 });
    // Nothing from QEMU itself: under KVM the platform's CPU model asks only for what nested hypervisors offer (no pni warning).
    expect(r.stderr).toBe('');
  });

  it('exit code 0 is status 1 and decodes as 0', async () => {
    const { binary, argv } = planQemu({ image: kernel, spec, args: [], accel: 'tcg' });
    const r = await execa(binary, argv, { reject: false, timeout: 60_000, stdin: 'ignore' });
    expect(r.exitCode).toBe(1);
    expect(decodeQemuExit(1, r.stderr)).toEqual({ kind: 'exit', code: 0 });
  });

  it('a QEMU error (missing kernel) is a QEMU failure', async () => {
    const { binary, argv } = planQemu({ image: path.join(dir, 'missing.elf'), spec, args: [], accel: 'tcg' });
    const r = await execa(binary, argv, { reject: false, timeout: 60_000, stdin: 'ignore' });
    expect(decodeQemuExit(r.exitCode ?? -1, r.stderr)).toEqual({ kind: 'qemu-failed', status: 1 });
  });
});

describe('linuxu runner', () => {
  function script(name: string, body: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('returns the exit code', async () => {
    const image = script('exit.sh', 'echo said "$1"; test "$1" = "two words" && exit "$2"; exit 99');
    // The output passes through uk on its way to stdout, and its tail is kept (for crash reports).
    expect(await runLinuxu({ image, args: ['two words', '7'] })).toEqual({ timedOut: false, outcome: { kind: 'exit', code: 7 }, console: 'said two words\n' });
  });

  it('reports a signal', async () => {
    const image = script('segv.sh', 'kill -SEGV $$');
    expect(await runLinuxu({ image, args: [] })).toEqual({ timedOut: false, outcome: { kind: 'signal', signal: 'SIGSEGV', number: 11 }, console: '' });
  });

  it('times out', async () => {
    const image = script('sleep.sh', 'exec sleep 30');
    const t0 = Date.now();
    expect(await runLinuxu({ image, args: [], timeoutSeconds: 0.3 })).toEqual({ timedOut: true });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a missing image is a clear error', async () => {
    await expect(runLinuxu({ image: path.join(dir, 'nope'), args: [] })).rejects.toThrow(/could not start/);
  });
});
