// uk why answers for headers and symbols too (which library of the image
// provides or defines it, read from its include directories or from the
// built image's symbols and map, and why that library is there; or which
// package to add), and uk config shows what each library offers, not only
// what was chosen.
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { makeHello, repoRoot } from '@uk/test-utils';

const bin = path.join(repoRoot, 'tooling/cli/bin/uk');
const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'uk-why-')));
const ENV = { XDG_CACHE_HOME: path.join(root, 'xdg'), UK_CACHE_DIR: path.join(root, 'objects'), NO_COLOR: '1' };
const app = makeHello(root, 'why');
const uk = (...args: string[]) => execa(bin, [...args, '--target', 'linuxu-x86_64'], { cwd: app, reject: false, stdin: 'ignore', timeout: 170_000, env: ENV });

describe('uk why <header|symbol>', () => {
  it('a header of the image: the library providing it, and why it is there', async () => {
    const r = await uk('why', 'stdio.h');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('<stdio.h> is provided by @uk/libc in the image of why for linuxu-x86_64');
    expect(r.stdout).toContain('why:         why → @uk/libc');
  });

  it('a header no installed package provides: the package uk knows', async () => {
    const r = await uk('why', 'pthread.h');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('<pthread.h> is not provided by any package installed for why\nuk knows @uk/pthread; add it: pnpm add @uk/pthread');
  });

  it('a symbol: the library that defines it (exported or local), read from the built image', async () => {
    const r = await uk('why', 'printf');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^printf is defined and exported by @uk\/libc in the image of why for linuxu-x86_64 \(at 0x[0-9a-f]+\)\n/);
    expect(r.stdout).toContain('@uk/libc@0.1.0 is in the image');
    const local = await uk('why', '__uk_fmt_float');
    expect(local.stdout).toMatch(/^__uk_fmt_float is defined, but local to it \(not exported: other libraries cannot use it\) by @uk\/libc/);
    const entry = await uk('why', 'uk_plat_console_write');
    expect(entry.stdout).toContain('is defined and exported by @uk/plat-linuxu');
  });

  it('a symbol the image lacks: the package that offers it, or that none does', async () => {
    const r = await uk('why', 'pthread_create');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('pthread_create is not defined in the image of why for linuxu-x86_64\nuk knows @uk/pthread; add it: pnpm add @uk/pthread');
    const none = await uk('why', 'no_such_symbol_anywhere');
    expect(none.stdout).toContain('no package uk knows offers it: uk does not offer it yet');
  });
});

describe('uk config', () => {
  it('lists every feature a library offers (* on) and each option with its type, default and description', async () => {
    const r = await uk('config');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/@uk\/libc 0\.1\.0\n  features:   \(\* on\)\n    \* float +floating point in printf/);
    // booter's boot-time is offered, not on.
    expect(r.stdout).toMatch(/@uk\/booter 0\.1\.0\n  implements: @uk\/boot\n  features:   \(\* on\)\n      boot-time +print the cycles/);
    expect(r.stdout).toMatch(/max_args +?= 32 +\(int 1\.\.1024, default 32: most arguments main can receive\)/);
  });
});
