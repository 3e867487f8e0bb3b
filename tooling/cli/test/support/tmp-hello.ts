// A temporary copy of apps/hello (its main.c and manifest, its workspace
// dependencies linked into node_modules the way pnpm links them), so tests
// can edit sources and manifests without touching apps/hello.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../../..');

const LINKED = ['packages/booter', 'packages/libc', 'platforms/plat-kvm', 'platforms/plat-linuxu'] as const;

interface Manifest {
  dependencies?: Record<string, string>;
  uk: Record<string, unknown>;
}

/** Creates `<root>/<name>` and returns its path. */
export function makeHello(root: string, name = 'hello'): string {
  const hello = path.join(repoRoot, 'apps/hello');
  const json = JSON.parse(readFileSync(path.join(hello, 'package.json'), 'utf8')) as Manifest;
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'node_modules/@uk'), { recursive: true });
  const deps = LINKED.map((rel) => `@uk/${path.basename(rel)}`);
  const manifest = { name, version: '0.0.0', private: true, dependencies: Object.fromEntries(deps.map((d) => [d, '*'])), uk: json.uk };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(path.join(hello, 'main.c'), path.join(dir, 'main.c'));
  for (const rel of LINKED) symlinkSync(path.join(repoRoot, rel), path.join(dir, 'node_modules/@uk', path.basename(rel)));
  return dir;
}
