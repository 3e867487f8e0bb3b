// Temporary copies of apps/hello (its main.c and manifest, its workspace
// dependencies linked into node_modules the way pnpm links them), so tests
// can edit sources and manifests without touching apps/hello; and a copy
// that also depends on a package declaring a QEMU device model (a lib with
// a `qemu` field and no sources: what a driver adds to QEMU's command line,
// not the driver).
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './process.js';

const LINKED = ['packages/booter', 'packages/libc', 'platforms/plat-kvm', 'platforms/plat-linuxu'] as const;

interface Manifest {
  dependencies: Record<string, string>;
  uk: Record<string, unknown>;
}

/** Creates `<root>/<name>`, a copy of apps/hello, and returns its path. */
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

/**
 * A copy of hello that also depends on `@t/<kind>-model`, whose manifest
 * declares `qemu: { <kind>: models }` (e.g. kind `net`, models
 * `{ pc: 'virtio-net-pci', microvm: 'virtio-net-device' }`).
 */
export function makeHelloWithModel(root: string, name: string, kind: string, models: Record<string, string>): string {
  const app = makeHello(root, name);
  const driver = path.join(root, `${name}-driver`);
  const pkg = `@t/${kind}-model`;
  mkdirSync(driver);
  writeFileSync(path.join(driver, 'package.json'), JSON.stringify({ name: pkg, version: '0.0.0', uk: { kind: 'lib', qemu: { [kind]: models } } }));
  mkdirSync(path.join(app, 'node_modules/@t'));
  symlinkSync(driver, path.join(app, 'node_modules', pkg));
  const file = path.join(app, 'package.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  json.dependencies[pkg] = '*';
  writeFileSync(file, JSON.stringify(json, null, 2));
  return app;
}
