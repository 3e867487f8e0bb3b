// `uk run --gdb` and `uk debug` with a real gdb: on linuxu (gdbserver, reached
// through uk's 127.0.0.1 listener) and on kvm (QEMU's gdb stub, microvm under
// TCG), a breakpoint on hello's main is hit, gdb names the function and its
// source file, the backtrace starts in main, and the guest then runs to the
// end with its output and exit code. Every process is bounded: uk run by
// --timeout and execa's timeout (killed by PID), gdb by execa's timeout.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { makeHello, needTool, repoRoot } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endingPacket } from '../src/debug/gdbserver-bridge.js';
import { portListening } from '../src/debug/session.js';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-gdb-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1' };
let app: string;
const running: ResultPromise[] = [];

beforeAll(async () => {
  needTool('gdb', 'gdbserver', 'qemu-system-x86_64');
  app = makeHello(root);
  // Both images first, so that `uk run --gdb` below only starts them.
  const r = await execa(bin, ['build', '--all-targets'], { cwd: app, env: ENV, reject: false, timeout: 170_000 });
  expect(r.exitCode, r.stderr).toBe(0);
});

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await Promise.allSettled(running);
  rmSync(root, { recursive: true, force: true });
});

/** Resolves once `uk run --gdb` has said how to attach (its stderr so far). */
function attachLine(run: ResultPromise): Promise<string> {
  return new Promise((resolve, reject) => {
    let said = '';
    run.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (/\n  uk debug[^\n]*\n/.test(said)) resolve(said);
    });
    void run.then((r) => reject(new Error(`uk run --gdb ended first (${r.exitCode}): ${said}`)), reject);
  });
}

const cases = [
  // gdb sees the process exit; QEMU ends with the guest, which gdb sees as the connection closing.
  { target: 'linuxu-x86_64', runFlags: [] as string[], end: /\[Inferior 1 \(process \d+\) exited with code 05\]/ },
  { target: 'kvm-x86_64', runFlags: ['--accel', 'tcg', '--machine', 'microvm'], end: /Remote connection closed/ },
];

describe('uk run --gdb and uk debug', () => {
  it.each(cases)('$target: a breakpoint on main is hit, then the guest runs to its end', async ({ target, runFlags, end }) => {
    const run = execa(bin, ['run', '--gdb', '--target', target, ...runFlags, '--timeout', '120', '--', '5'], { cwd: app, env: ENV, reject: false, stdin: 'ignore', timeout: 150_000 });
    running.push(run);
    const said = await attachLine(run);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(said)?.[1]);
    expect(said).toContain(`  uk debug --target ${target}\n`);

    const gdb = await execa(bin, ['debug', '--target', target, '--batch', '--ex', 'break main', '--ex', 'continue', '--ex', 'bt', '--ex', 'continue'], {
      cwd: app,
      env: ENV,
      reject: false,
      stdin: 'ignore',
      timeout: 90_000,
    });
    const out = `${gdb.stdout}\n${gdb.stderr}`;
    // Stopped in main, named with its source file (DWARF 4 line tables name
    // it alone, the package being its compile directory).
    expect(out).toMatch(/Breakpoint \d+, main \(argc=2, argv=0x[0-9a-f]+[^)]*\) at main\.c:\d+/);
    expect(out).toMatch(/#0 +main \(argc=2,[^\n]*\) at main\.c:\d+/);
    // gdb found the source itself (uk maps the package name to its directory).
    expect(out).toContain('printf("Hello from uk\\n");');
    expect(out).toMatch(end);

    const r = await run;
    expect(r.exitCode, r.stderr).toBe(5);
    // (on linuxu gdbserver's few lines come first: gdbserver-bridge.ts)
    expect(r.stdout).toMatch(/Hello from uk\nargv\[1\] = 5$/m);
    // Nothing listens on the port once the guest has ended.
    expect(portListening(port)).toBe(false);
  });

  it('uk debug with no guest waiting is one clear error', async () => {
    const r = await execa(bin, ['debug', '--target', 'linuxu-x86_64', '--batch'], { cwd: app, env: ENV, reject: false, stdin: 'ignore', timeout: 30_000 });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: no guest of \S+ is waiting for gdb/);
    expect(r.stderr).toContain('fix: start one first, in another terminal: uk run --gdb --target linuxu-x86_64');
    expect(r.stderr.match(/error:/g)).toHaveLength(1);
  });
});

describe('the exit status gdbserver sends gdb', () => {
  it('reads W (exit code) and X (signal) stop replies', () => {
    expect(endingPacket('+$T0506:0*"00;07:b0;thread:p1.1;core:0;#5c+$W3;process:2052#e1')).toEqual({ kind: 'exit', code: 3 });
    expect(endingPacket('$X0b;process:10#00')).toEqual({ kind: 'signal', signal: 'SIGSEGV', number: 11 });
    expect(endingPacket('$OK#9a')).toBeUndefined();
  });
});
