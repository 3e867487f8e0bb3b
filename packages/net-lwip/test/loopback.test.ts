// lwIP 2.1.3, compiled from its release archive by uk.origin, in a real
// image on linuxu and on kvm (QEMU microvm, TCG): test/loopback's app
// exchanges 24 KiB each way over TCP on 127.0.0.1 through lwip_* sockets
// between two threads and checks every byte. The app is copied to a
// temporary directory with its dependencies linked from the workspace, so
// its build output stays out of the repository; the object cache is the
// workspace's, so lwIP is compiled once per target.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');

/** Where each dependency of the app lives in the workspace. */
const WORKSPACE: Record<string, string> = {
  '@uk/alloc': 'packages/alloc',
  '@uk/alloc-core': 'packages/alloc-core',
  '@uk/alloc-tlsf': 'packages/alloc-tlsf',
  '@uk/booter': 'packages/booter',
  '@uk/libc': 'packages/libc',
  '@uk/net-lwip': 'packages/net-lwip',
  '@uk/plat': 'packages/plat',
  '@uk/plat-kvm': 'platforms/plat-kvm',
  '@uk/plat-linuxu': 'platforms/plat-linuxu',
  '@uk/sched': 'packages/sched',
  '@uk/sched-coop': 'packages/sched-coop',
};

function makeApp(): string {
  const app = path.join(mkdtempSync(path.join(tmpdir(), 'uk-lwip-')), 'lwip-loopback');
  cpSync(path.join(import.meta.dirname, 'loopback'), app, { recursive: true });
  const deps = Object.keys((JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  mkdirSync(path.join(app, 'node_modules/@uk'), { recursive: true });
  for (const d of deps) symlinkSync(path.join(root, WORKSPACE[d]!), path.join(app, 'node_modules', d));
  return app;
}

const app = makeApp();

describe('lwIP over loopback', () => {
  it.each([
    ['linuxu-x86_64', []],
    ['kvm-x86_64', ['--accel', 'tcg', '--machine', 'microvm', '--mem', '64M', '--timeout', '120']],
  ])('exchanges 24 KiB each way over TCP on 127.0.0.1 (%s)', async (target, extra) => {
    expect(existsSync(path.join(root, 'tooling/cli/dist/cli.js')), 'tooling/cli/dist is missing: run pnpm turbo run build').toBe(true);
    const r = await execa('node', [bin, 'run', app, '--target', target, ...extra], {
      reject: false,
      timeout: 170_000,
      stdin: 'ignore',
      env: { NO_COLOR: '1', UK_CACHE_DIR: process.env.UK_CACHE_DIR ?? path.join(root, 'node_modules/.cache/uk') },
    });
    expect(r.stdout, r.stderr).toMatch(/lwip loopback: 24576 bytes each way between 127\.0\.0\.1:\d+ and 127\.0\.0\.1:7000, 0 mismatched, server ok/);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});
