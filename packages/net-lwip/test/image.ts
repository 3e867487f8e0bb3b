// Helpers for the tests that boot a test app of @uk/net-lwip (a directory
// under test/): the app is copied to a temporary directory with its
// dependencies linked from the workspace, so its build output stays out of
// the repository; the object cache is the workspace's, so lwIP is compiled
// once per target.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';

export const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'tooling/cli/bin/uk.js');

/** Where a dependency of a test app lives in the workspace. */
function workspaceDir(name: string): string {
  const short = name.replace(/^@uk\//, '');
  for (const dir of ['packages', 'platforms']) {
    const candidate = path.join(root, dir, short);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} is not a package of this workspace`);
}

/** A copy of test/<name>; `features` are lwIP features the app turns on. */
export function makeApp(name: string, features: string[] = []): string {
  const app = path.join(mkdtempSync(path.join(tmpdir(), 'uk-lwip-')), name);
  cpSync(path.join(import.meta.dirname, name), app, { recursive: true });
  const json = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; uk: Record<string, unknown> };
  if (features.length) {
    json.uk.features = { '@uk/net-lwip': features };
    writeFileSync(path.join(app, 'package.json'), JSON.stringify(json, null, 2));
  }
  mkdirSync(path.join(app, 'node_modules/@uk'), { recursive: true });
  for (const d of Object.keys(json.dependencies)) symlinkSync(workspaceDir(d), path.join(app, 'node_modules', d));
  return app;
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
