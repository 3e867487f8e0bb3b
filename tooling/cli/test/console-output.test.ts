// `uk run` output is the app's output: piped, a kvm image's bytes (microvm
// and pc) are exactly the linuxu image's (no CR before LF, no firmware
// banner or terminal resets from SeaBIOS), and on a terminal the lines still
// start at the left margin (the terminal, not the guest, adds the CR).
// --verbose shows the firmware's output again.
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from '@uk/test-utils';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-console-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1' };
const app = makeHello(root, 'console');
const ARGS = ['--', '3', 'two words'];
const KVM = ['--target', 'kvm-x86_64', '--accel', 'tcg', '--timeout', '60'];

const run = (args: string[]) =>
  execa(bin, ['run', ...args], { cwd: app, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV, stripFinalNewline: false, encoding: 'buffer' });

describe('uk run output is the app\'s output', () => {
  it('piped: kvm on microvm and pc prints the very bytes linuxu prints', async () => {
    const linuxu = await run(['--target', 'linuxu-x86_64', ...ARGS]);
    expect(linuxu.exitCode).toBe(3);
    const expected = Buffer.from('Hello from uk\nargv[1] = 3\nargv[2] = two words\n');
    expect(Buffer.from(linuxu.stdout)).toEqual(expected);
    for (const machine of ['microvm', 'pc']) {
      const kvm = await run([...KVM, '--machine', machine, ...ARGS]);
      expect(kvm.exitCode, `${machine}: ${Buffer.from(kvm.stderr).toString()}`).toBe(3);
      expect(Buffer.from(kvm.stdout).toString('latin1'), machine).toBe(expected.toString('latin1'));
    }
  });

  it('on a terminal the lines still start at the left margin', async () => {
    // script(1) gives the run a pseudo-terminal and records what it printed.
    const cmd = [bin, 'run', ...KVM, ...ARGS].map((a) => `'${a}'`).join(' ');
    const r = await execa('script', ['-qec', cmd, '/dev/null'], { cwd: app, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stdout).toContain('Hello from uk\r\nargv[1] = 3\r\n');
  });

  it('--verbose shows the firmware on pc', async () => {
    const r = await run([...KVM, '--machine', 'pc', '--verbose', ...ARGS]);
    expect(r.exitCode).toBe(3);
    expect(Buffer.from(r.stdout).toString('latin1')).toMatch(/SeaBIOS[\s\S]*Hello from uk\n/);
  });
});
