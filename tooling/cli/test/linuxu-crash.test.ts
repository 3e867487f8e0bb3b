// A crashing image's report, on both targets. A linuxu image that faults
// gets the kvm platform's report, not the host's bare SIGSEGV: the address
// (a null pointer said as such), the registers and a frame-pointer
// backtrace whose first frame is the faulting function, then exit code 125
// as on kvm. On both targets uk then prints the backtrace symbolised from
// the image's .dbg file: each frame's function and source line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { makeHello, repoRoot } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashFrames } from '../src/debug/symbolise.js';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-crash-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1' };
let app: string;

beforeAll(() => {
  app = makeHello(root, 'crash');
  writeFileSync(
    path.join(app, 'main.c'),
    '/* crash: reads through a null pointer */\n#include <stdio.h>\nint *volatile p;\n__attribute__((noinline)) static int inner(void) { return *p; }\nint main(void) { printf("about to crash\\n"); return inner() + 1; }\n',
  );
});

/**
 * The symbolised backtrace uk prints: the faulting function with its file
 * and line (the app's file shown relative to the app directory), and the
 * frames below it in other libraries with their files on this machine.
 * (main is not among them: inner, a leaf, sets up no frame of its own, so
 * the walk goes from main's frame straight to main's caller.)
 */
function expectSymbolised(stderr: string): void {
  expect(stderr).toMatch(/backtrace \(symbols from build\/[a-z0-9_-]+\/crash\.dbg\):\n/);
  expect(stderr).toMatch(/\n  #0 0x[0-9a-f]{16} inner \(main\.c:4\)\n/);
  expect(stderr).toContain(` uk_boot_start (${path.join(repoRoot, 'packages/booter/src/boot.c')}:`);
}

describe('a crashing linuxu image', () => {
  it('reports the fault, registers and backtrace, and exits 125', async () => {
    const r = await execa(bin, ['run', '--target', 'linuxu-x86_64'], { cwd: app, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });
    expect(r.exitCode, r.stderr).toBe(125);
    expect(r.stdout).toContain('about to crash\n\n[uk-linuxu] segmentation fault at 0x0000000000000000 (null pointer dereference)\n  rip 0x');
    expect(r.stdout).toMatch(/  rax 0x[0-9a-f]{16} rbx /);
    expect(r.stdout).toContain('[uk-linuxu] halting with exit code 125');
    const rip = /backtrace:\n  #0 (0x[0-9a-f]{16})\n/.exec(r.stdout)?.[1];
    expect(rip, r.stdout).toBeDefined();
    // The first frame is the faulting function, by the image's own symbols.
    const fn = execFileSync('addr2line', ['-f', '-e', path.join(app, 'build/linuxu-x86_64/crash.dbg'), rip!], { encoding: 'utf8' }).split('\n')[0];
    expect(fn).toBe('inner');
    expectSymbolised(r.stderr);
    // The frames uk symbolised are the ones the image printed.
    expect(r.stderr).toContain(`  #0 ${rip} inner`);
    // A crashing run leaves no launch memo: the next run is Node's again, and symbolised again.
    const again = await execa(bin, ['run', '--target', 'linuxu-x86_64'], { cwd: app, reject: false, stdin: 'ignore', timeout: 60_000, env: ENV });
    expect(again.exitCode).toBe(125);
    expectSymbolised(again.stderr);
  });
});

describe('a crashing kvm image', () => {
  it('prints the CPU exception report, then the backtrace symbolised', async () => {
    const r = await execa(bin, ['run', '--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', 'microvm'], { cwd: app, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });
    expect(r.exitCode, r.stderr).toBe(125);
    expect(r.stdout).toContain('[uk-kvm] FATAL EXCEPTION: ');
    expect(r.stdout).toContain('  null pointer dereference\n');
    expectSymbolised(r.stderr);
  });
});

describe('reading a crash report', () => {
  it('takes the frames of the last report, and nothing from a console without one', () => {
    const report = '\n[uk-kvm] FATAL EXCEPTION: page fault (vector 14) error 0x0\n  backtrace:\n  #0 0x0000000000100123\n  #1 0x0000000000100456\n[uk-kvm] halting with exit code 125\n';
    expect(crashFrames(`hello\n${report}`)).toEqual([
      { depth: 0, address: 0x100123n },
      { depth: 1, address: 0x100456n },
    ]);
    expect(crashFrames('an app that prints\n  backtrace:\n  #0 0x1\n')).toBeUndefined();
    expect(crashFrames('just output\n')).toBeUndefined();
  });
});
