// Builds package trees on disk for tests: an app and packages, each with its
// own node_modules holding symlinks to exactly the dependencies given, the
// way pnpm lays out an installation.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UkError } from '@uk/build';

import { repoRoot } from './process.js';

export interface PkgSpec {
  name: string;
  version?: string;
  uk?: unknown;
  /** dependency name -> key of another package in the fixture (or a workspace dir with `ws:`). */
  deps?: Record<string, string>;
  /** peer dependency name -> [range, key] (key optional: an unresolved peer). */
  peers?: Record<string, [string, string?]>;
  files?: Record<string, string>;
}

export interface Fixture {
  root: string;
  appDir: string;
  dirOf: (key: string) => string;
}

/** Real workspace package directories, by package name. */
export const ws = {
  plat: path.join(repoRoot, 'packages/plat'),
  boot: path.join(repoRoot, 'packages/boot'),
  booter: path.join(repoRoot, 'packages/booter'),
  libc: path.join(repoRoot, 'packages/libc'),
  linuxu: path.join(repoRoot, 'platforms/plat-linuxu'),
  kvm: path.join(repoRoot, 'platforms/plat-kvm'),
};

export function makeFixture(app: PkgSpec, pkgs: Record<string, PkgSpec> = {}, root = mkdtempSync(path.join(os.tmpdir(), 'uk-fixture-'))): Fixture {
  const dirOf = (key: string): string => (key.startsWith('ws:') ? key.slice(3) : key === 'app' ? path.join(root, 'app') : path.join(root, 'pkgs', key.replace(/[@/]/g, '_')));
  const write = (key: string, spec: PkgSpec) => {
    const dir = dirOf(key);
    mkdirSync(dir, { recursive: true });
    const json: Record<string, unknown> = { name: spec.name, version: spec.version ?? '1.0.0' };
    if (spec.deps) json.dependencies = Object.fromEntries(Object.keys(spec.deps).map((n) => [n, '*']));
    if (spec.peers) json.peerDependencies = Object.fromEntries(Object.entries(spec.peers).map(([n, [r]]) => [n, r]));
    if (spec.uk !== undefined) json.uk = spec.uk;
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(json, null, 2));
    for (const [f, text] of Object.entries(spec.files ?? {})) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), text);
    }
    const links: Array<[string, string]> = [
      ...Object.entries(spec.deps ?? {}),
      ...Object.entries(spec.peers ?? {}).flatMap(([n, [, k]]) => (k ? [[n, k] as [string, string]] : [])),
    ];
    for (const [name, target] of links) {
      const at = path.join(dir, 'node_modules', name);
      mkdirSync(path.dirname(at), { recursive: true });
      symlinkSync(dirOf(target), at);
    }
  };
  for (const [key, spec] of Object.entries(pkgs)) write(key, spec);
  write('app', app);
  return { root, appDir: dirOf('app'), dirOf };
}

/** A minimal API package spec. */
export function api(name: string, cardinality: 'single' | 'multi', extra: Record<string, unknown> = {}): PkgSpec {
  return { name, uk: { kind: 'api', cardinality, ...extra } };
}

/** A minimal lib package spec implementing some APIs. */
export function lib(name: string, uk: Record<string, unknown> = {}, more: Partial<PkgSpec> = {}): PkgSpec {
  return { name, uk: { kind: 'lib', ...uk }, ...more };
}

/** A minimal platform package spec. */
export function platform(name: string, plat: string, more: Partial<PkgSpec> = {}): PkgSpec {
  return {
    name,
    uk: { kind: 'platform', platform: plat, arch: 'x86_64', implements: ['@t/plat'], linkerScript: 'link.ld', entry: '_start', run: { kind: 'process' } },
    ...more,
  };
}

/** The UkError a build or resolution rejects with; fails the test when it succeeds. */
export async function failure(p: Promise<unknown>): Promise<UkError> {
  try {
    await p;
  } catch (e) {
    return e as UkError;
  }
  throw new Error('expected it to fail');
}
