// Temporary copies of apps/hello outside the repository, so that benchmark
// builds never touch the app's own build/ or uk.lock.json, and so that a
// variant can change its manifest (turn features on, add an allocator as the
// default). Dependencies are symlinks in node_modules, which the build plugin
// resolves the way Node does.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Expect } from './qemu.js';

/** Workspace packages a hello image can draw on, by directory. */
const WORKSPACE_PACKAGES = [
  'packages/booter',
  'packages/libc',
  'packages/plat',
  'packages/boot',
  'platforms/plat-kvm',
  'platforms/plat-linuxu',
] as const;

/** The arguments the benchmarks run hello with, and what it then prints and returns. */
export const HELLO_ARGS = ['3'] as const;
export const HELLO: Expect = { stdout: 'Hello from uk', code: 3 };

export interface TmpAppOptions {
  repoRoot: string;
  /** Parent directory; the app is created at `<root>/<name>`. */
  root: string;
  name: string;
  /** More workspace packages (directories relative to the repository) the app depends on. */
  packages?: readonly string[];
  /** Fields replacing hello's in the manifest's `uk` (e.g. `features`, `default`). */
  uk?: Record<string, unknown>;
}

interface HelloManifest {
  dependencies?: Record<string, string>;
  uk: { sources: string[]; targets: string[] } & Record<string, unknown>;
}

function packageName(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string }).name;
}

/** Creates the app directory and returns it. */
export function makeTmpApp(opts: TmpAppOptions): string {
  const helloDir = path.join(opts.repoRoot, 'apps/hello');
  const hello = JSON.parse(readFileSync(path.join(helloDir, 'package.json'), 'utf8')) as HelloManifest;
  const appDir = path.join(opts.root, opts.name);
  mkdirSync(appDir, { recursive: true });

  const toLink = (rels: readonly string[]) => rels.map((rel) => path.join(opts.repoRoot, rel)).map((dir) => ({ dir, name: packageName(dir) }));
  const links = toLink(WORKSPACE_PACKAGES);
  const extra = toLink(opts.packages ?? []);
  const deps = [...Object.keys(hello.dependencies ?? {}).filter((d) => links.some((l) => l.name === d)), ...extra.map((l) => l.name)];
  const manifest = {
    name: opts.name,
    version: '0.0.0',
    private: true,
    dependencies: Object.fromEntries(deps.map((d) => [d, '*'])),
    uk: { ...hello.uk, ...opts.uk },
  };
  writeFileSync(path.join(appDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const source of hello.uk.sources) {
    mkdirSync(path.dirname(path.join(appDir, source)), { recursive: true });
    copyFileSync(path.join(helloDir, source), path.join(appDir, source));
  }
  for (const { dir, name } of [...links, ...extra]) {
    const at = path.join(appDir, 'node_modules', name);
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(dir, at);
  }
  return appDir;
}
