// Helpers for the tests that boot a test app of @uk/net-lwip (a directory
// under test/): the app is copied to a temporary directory with its
// dependencies linked as pnpm installed them for this package (they are its
// devDependencies), so its build output stays out of the repository; the
// object cache is the workspace's, so lwIP is compiled once per target.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { build } from '@uk/build';
import { installedPackages, writeScratchApp } from '@uk/build/workspace';
import { parsePublish, qemuArgs, type QemuRunSpec } from '@uk/cli';
import { expect } from 'vitest';

export const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');
const pkgDir = path.resolve(import.meta.dirname, '..');

/** A copy of test/<name>; `features` are lwIP features the app turns on. */
export function makeApp(name: string, features: string[] = []): string {
  const fixture = path.join(import.meta.dirname, name);
  const json = JSON.parse(readFileSync(path.join(fixture, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; uk: Record<string, unknown> };
  // The fixtures' dependencies are this package's own devDependencies, and this package itself.
  const deps = Object.keys(json.dependencies).filter((d) => d !== '@uk/net-lwip');
  const files = Object.fromEntries(readdirSync(fixture).filter((f) => f !== 'package.json').map((f) => [f, path.join(fixture, f)]));
  return writeScratchApp({
    dir: path.join(mkdtempSync(path.join(tmpdir(), 'uk-lwip-')), name),
    name: json.name,
    version: json.version,
    packages: [...installedPackages(pkgDir, deps), ['@uk/net-lwip', pkgDir]],
    uk: features.length ? { ...json.uk, features: { '@uk/net-lwip': features } } : json.uk,
    files,
  });
}

/** What booting a test app's image takes: QEMU's command line for it. */
export interface MicrovmImage {
  /**
   * QEMU's arguments to boot the image on microvm under TCG in 16 MiB, with
   * its network card on user networking: `args` for main, `params` as
   * library parameters, `publish` as `uk run -p` specs.
   */
  argv(opts: { args: string[]; params?: string[]; publish?: string[] }): string[];
}

/** A kvm build of the app, booted on microvm with its network card. */
export async function buildForMicrovm(app: string): Promise<MicrovmImage> {
  const r = await build({ appDir: app, target: 'kvm-x86_64' });
  if (r.run.kind !== 'qemu') throw new Error('plat-kvm does not run under QEMU');
  const model = r.qemu.net?.microvm ?? '';
  expect(model, JSON.stringify(r.qemu)).not.toBe('');
  const spec: QemuRunSpec = r.run;
  return {
    argv: ({ args, params, publish = [] }) =>
      qemuArgs({ image: r.image, spec, machine: 'microvm', accel: 'tcg', mem: '16M', args, params, net: { network: { kind: 'user', publish: parsePublish(publish) }, model } }),
  };
}

export const KVM = ['--accel', 'tcg', '--machine', 'microvm', '--mem', '64M', '--timeout', '120'];

/** `uk run` of the app for a target; never rejects. */
export async function run(app: string, target: string, extra: string[]) {
  expect(existsSync(path.join(root, 'tooling/cli/dist/cli.js')), 'tooling/cli/dist is missing: run pnpm turbo run build').toBe(true);
  return execa('node', [bin, 'run', app, '--target', target, ...extra], {
    reject: false,
    timeout: 170_000,
    stdin: 'ignore',
    env: { NO_COLOR: '1', UK_CACHE_DIR: process.env.UK_CACHE_DIR ?? path.join(root, 'node_modules/.cache/uk') },
  });
}
