// @uk/fdtab on the host, with no scheduler: fdtab, libc and the shim are
// built by @uk/build as an image build compiles them (kvm flags, warnings
// as errors), linked by @uk/build with a test platform over raw host
// system calls (test/support/host_plat.c, no host C library) into programs
// that check a provider's file, descriptor exhaustion and idle waiting.
// Also: the system-call table only survives the link when something
// dispatches.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildLibrary, type LibraryBuild } from '@uk/build';
import { linkOnHostPlatform, packageDir, runProgram, tempDir } from '@uk/test-utils';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkgDir = path.resolve(import.meta.dirname, '..');
const dir = tempDir('fdtab');

const lib = (name: string, options?: Record<string, number>): Promise<LibraryBuild> =>
  buildLibrary({ dir: name === '@uk/fdtab' ? pkgDir : packageDir(name), target: 'kvm-x86_64', werror: true, ...(options ? { options } : {}) });

async function program(tag: string, defines: string[], options?: Record<string, number>): Promise<string> {
  const libraries = await Promise.all([lib('@uk/fdtab', options), lib('@uk/libc'), lib('@uk/syscall-shim')]);
  return linkOnHostPlatform({
    sources: [path.join(pkgDir, 'test/progs/fdtab.c')],
    platform: path.join(pkgDir, 'test/support/host_plat.c'),
    libraries,
    out: path.join(dir, `fdtab-${tag}`),
    defines,
  });
}

async function sectionSize(exe: string, name: string): Promise<number | undefined> {
  const { stdout } = await run('readelf', ['-SW', exe]);
  const line = stdout.split('\n').find((l) => l.includes(` ${name} `));
  if (!line) return undefined;
  const f = line.replace(/^.*\]\s*/, '').split(/\s+/); // name type addr off size ...
  return parseInt(f[4]!, 16);
}

describe('@uk/fdtab on the host, no scheduler', () => {
  it('compiles warning-free for host and kvm, exporting the raw entries and POSIX names', async () => {
    for (const target of ['host', 'kvm-x86_64']) {
      const b = await buildLibrary({ dir: pkgDir, target, werror: true });
      expect(b.exported).toEqual(expect.arrayContaining(['uk_fd_install', 'uk_syscall_r_read', 'read', 'poll', 'select', 'pipe2']));
      for (const s of b.exported) expect(s).not.toMatch(/^(fdtab_|__uk_syscall_body)/);
    }
  });

  it('a provider file, exhaustion of an 8-slot table, idle waits; no table without dispatch', async () => {
    const exe = await program('small', ['SMALL_TABLE'], { max_fds: 8 });
    const r = runProgram(exe);
    expect(r.stdout).toBe('OK fdtab\n');
    expect(r.status).toBe(0);
    expect(await sectionSize(exe, 'uk_syscalltab')).toBeUndefined();
  });

  it('syscall() keeps the table: one 24-byte row per call fdtab defines', async () => {
    const exe = await program('dispatch', ['WITH_DISPATCH']);
    const r = runProgram(exe);
    expect(r.stdout).toBe('OK fdtab\n');
    expect(r.status).toBe(0);
    const rows = (await sectionSize(exe, 'uk_syscalltab'))! / 24;
    expect(rows).toBeGreaterThanOrEqual(26);
  });
});
