// A linuxu image that faults gets the kvm platform's report, not the host's
// bare SIGSEGV: the address (a null pointer said as such), the registers
// and a frame-pointer backtrace whose first frame is the faulting function,
// then exit code 125 as on kvm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from './support/tmp-hello.js';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-crash-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1' };

describe('a crashing linuxu image', () => {
  it('reports the fault, registers and backtrace, and exits 125', async () => {
    const app = makeHello(root, 'crash');
    writeFileSync(
      path.join(app, 'main.c'),
      '/* crash: reads through a null pointer */\n#include <stdio.h>\nint *volatile p;\n__attribute__((noinline)) static int inner(void) { return *p; }\nint main(void) { printf("about to crash\\n"); return inner() + 1; }\n',
    );
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
  });
});
