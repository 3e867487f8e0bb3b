// Temporary copies of apps/hello (its main.c and manifest, its workspace
// dependencies linked into node_modules the way pnpm links them), so tests
// can edit sources and manifests without touching apps/hello; and a copy
// that also depends on a package declaring a QEMU device model (a lib with
// a `qemu` field and no sources: what a driver adds to QEMU's command line,
// not the driver).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { installedPackages, writeScratchApp } from '@uk/build/workspace';
import { repoRoot } from './process.js';

/** Creates `<root>/<name>`, a copy of apps/hello, and returns its path. */
export function makeHello(root: string, name = 'hello'): string {
  return helloCopy(root, name, []);
}

/**
 * A copy of hello that also depends on `@t/<kind>-model`, whose manifest
 * declares `qemu: { <kind>: models }` (e.g. kind `net`, models
 * `{ pc: 'virtio-net-pci', microvm: 'virtio-net-device' }`).
 */
export function makeHelloWithModel(root: string, name: string, kind: string, models: Record<string, string>): string {
  const driver = path.join(root, `${name}-driver`);
  const pkg = `@t/${kind}-model`;
  mkdirSync(driver);
  writeFileSync(path.join(driver, 'package.json'), JSON.stringify({ name: pkg, version: '0.0.0', uk: { kind: 'lib', qemu: { [kind]: models } } }));
  return helloCopy(root, name, [[pkg, driver]]);
}

/** hello's manifest and main.c, its dependencies as installed for it, and `more`. */
function helloCopy(root: string, name: string, more: Array<[string, string]>): string {
  const hello = path.join(repoRoot, 'apps/hello');
  const { uk } = JSON.parse(readFileSync(path.join(hello, 'package.json'), 'utf8')) as { uk: Record<string, unknown> };
  return writeScratchApp({ dir: path.join(root, name), name, packages: [...installedPackages(hello), ...more], uk, files: { 'main.c': path.join(hello, 'main.c') } });
}
