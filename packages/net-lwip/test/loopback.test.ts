// lwIP 2.1.3, compiled from its release archive by uk.origin, in a real
// image on linuxu and on kvm (QEMU microvm, TCG): test/loopback's app
// exchanges 24 KiB each way over TCP on 127.0.0.1 through lwip_* sockets
// between two threads and checks every byte. The app is copied to a
// temporary directory with its dependencies linked from the workspace, so
// its build output stays out of the repository; the object cache is the
// workspace's, so lwIP is compiled once per target.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** A copy of test/loopback; `features` are lwIP features the app turns on. */
function makeApp(features: string[] = []): string {
  const app = path.join(mkdtempSync(path.join(tmpdir(), 'uk-lwip-')), 'lwip-loopback');
  cpSync(path.join(import.meta.dirname, 'loopback'), app, { recursive: true });
  const json = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; uk: Record<string, unknown> };
  if (features.length) {
    json.uk.features = { '@uk/net-lwip': features };
    writeFileSync(path.join(app, 'package.json'), JSON.stringify(json, null, 2));
  }
  const deps = Object.keys(json.dependencies);
  mkdirSync(path.join(app, 'node_modules/@uk'), { recursive: true });
  for (const d of deps) symlinkSync(path.join(root, WORKSPACE[d]!), path.join(app, 'node_modules', d));
  return app;
}

const KVM = ['--accel', 'tcg', '--machine', 'microvm', '--mem', '64M', '--timeout', '120'];

async function run(app: string, target: string, extra: string[]) {
  expect(existsSync(path.join(root, 'tooling/cli/dist/cli.js')), 'tooling/cli/dist is missing: run pnpm turbo run build').toBe(true);
  return execa('node', [bin, 'run', app, '--target', target, ...extra], {
    reject: false,
    timeout: 170_000,
    stdin: 'ignore',
    env: { NO_COLOR: '1', UK_CACHE_DIR: process.env.UK_CACHE_DIR ?? path.join(root, 'node_modules/.cache/uk') },
  });
}

const line = (addr: string) => new RegExp(`lwip loopback: 24576 bytes each way between ${addr} port \\d+ and ${addr} port 7000, 0 mismatched, server ok`);

describe('lwIP over loopback', () => {
  const app = makeApp();
  it.each([
    ['linuxu-x86_64', []],
    ['kvm-x86_64', KVM],
  ])('exchanges 24 KiB each way over TCP on 127.0.0.1 (%s)', async (target, extra) => {
    const r = await run(app, target, extra);
    expect(r.stdout, r.stderr).toMatch(line('127\\.0\\.0\\.1'));
    expect(r.stdout).not.toContain('::1');
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });

  it('with the ipv6 feature, also over ::1 (linuxu-x86_64)', async () => {
    const r = await run(makeApp(['ipv6']), 'linuxu-x86_64', []);
    expect(r.stdout, r.stderr).toMatch(line('127\\.0\\.0\\.1'));
    expect(r.stdout, r.stderr).toMatch(line('::1'));
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});
