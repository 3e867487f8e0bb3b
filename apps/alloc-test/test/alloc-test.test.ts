// Boots apps/alloc-test through the real `uk` CLI: on linuxu and on kvm
// (QEMU TCG, microvm; it fails without qemu-system-x86_64), every allocator
// passes the in-image checks and the image exits 0. Temporary copies of the
// app (node_modules/@uk/* symlinked to the workspace, as pnpm lays them out)
// check that buddy and region work as the default, that the image runs
// without the stats feature, and what happens without a default or without
// any allocator.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installedPackages, needTool, writeScratchApp } from '@uk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const appDir = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');

interface Result { code: number | null; stdout: string; stderr: string }

function uk(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    const p = spawn('node', [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d));
    p.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 170_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The image's verdict: every check line ok, the summary says 0 failed. */
function expectAllPassed(r: Result, allocators: string[], stats = true): void {
  const failed = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
  expect(failed, r.stdout + r.stderr).toEqual([]);
  expect(r.stdout).toMatch(/^alloc-test: (\d+) checks, 0 failed$/m);
  for (const a of allocators) expect(r.stdout).toContain(`== ${a}:`);
  expect(r.stdout).toContain('== libc malloc over the default allocator');
  expect(r.stdout.includes('stats feature off')).toBe(!stats);
  expect(Number(/(\d+) checks/.exec(r.stdout)?.[1])).toBeGreaterThan(60);
  expect(r.code, r.stderr).toBe(0);
}

const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8'));
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A copy of the app with a changed manifest, depending on `deps` (workspace packages). */
function tempApp(uk: Record<string, unknown>, deps: string[], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'uk-alloc-test-'));
  temps.push(dir);
  cpSync(path.join(appDir, 'src'), path.join(dir, 'src'), { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return writeScratchApp({ dir, name: 'alloc-test-variant', packages: installedPackages(appDir, deps), uk: { ...manifest.uk, ...uk } });
}

const allDeps = Object.keys(manifest.dependencies as Record<string, string>);
const allocators = ['tlsf', 'buddy', 'region'];

describe('apps/alloc-test in images', () => {
  it('linuxu: every allocator passes through the API, libc malloc lands in tlsf', async () => {
    expectAllPassed(await uk('run', appDir, '--target', 'linuxu-x86_64', '--', 'tlsf'), allocators);
  });

  it('kvm (QEMU TCG, microvm): the same checks pass', async () => {
    needTool('qemu-system-x86_64');
    const r = await uk('run', appDir, '--target', 'kvm-x86_64', '--accel', 'tcg', '--machine', 'microvm', '--timeout', '120', '--', 'tlsf');
    expectAllPassed(r, allocators);
  });

  it.each(['buddy', 'region'])('linuxu with %s as the default', async (name) => {
    const dir = tempApp({ default: { '@uk/alloc': `@uk/alloc-${name}` } }, allDeps);
    expectAllPassed(await uk('run', dir, '--target', 'linuxu-x86_64', '--', name), allocators);
  });

  it('linuxu without the stats feature: byte counts are skipped, the rest passes', async () => {
    const dir = tempApp({ features: {} }, allDeps);
    expectAllPassed(await uk('run', dir, '--target', 'linuxu-x86_64', '--', 'tlsf'), allocators, false);
  });

  it('several allocators and no default is a build error', async () => {
    const dir = tempApp({ default: {} }, allDeps);
    const r = await uk('build', dir, '--target', 'linuxu-x86_64');
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/several implementations of @uk\/alloc .* none is named the default/);
  });

  it('without any allocator, an app calling strdup does not link; one that does not allocate does', async () => {
    const deps = ['@uk/booter', '@uk/libc', '@uk/plat-kvm', '@uk/plat-linuxu'];
    const prog = (body: string) => `/* test */\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint main(void) {\n${body}\n}\n`;
    const bad = tempApp({ sources: ['main.c'], default: {}, features: {} }, deps,
      { 'main.c': prog('char *s = strdup("x"); puts(s); free(s); return 0;') });
    const r = await uk('build', bad, '--target', 'linuxu-x86_64');
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/undefined reference to `malloc'/);
    const good = tempApp({ sources: ['main.c'], default: {}, features: {} }, deps, { 'main.c': prog('puts("no heap"); return 3;') });
    const ok = await uk('run', good, '--target', 'linuxu-x86_64');
    expect(ok.stdout).toContain('no heap');
    expect(ok.code, ok.stderr).toBe(3);
  });
});
