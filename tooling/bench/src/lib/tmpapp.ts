// Temporary copies of apps/hello outside the repository, so that benchmark
// builds never touch the app's own build/ or uk.lock.json, and so that a
// variant can turn features on (e.g. @uk/booter's boot-time). Dependencies
// are symlinks in node_modules, which the build plugin resolves the way Node
// does.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Workspace packages a hello image can draw on, by directory. */
export const WORKSPACE_PACKAGES = [
  'packages/booter',
  'packages/libc',
  'packages/plat',
  'packages/boot',
  'platforms/plat-kvm',
  'platforms/plat-linuxu',
] as const;

export interface TmpAppOptions {
  repoRoot: string;
  /** Parent directory; the app is created at `<root>/<name>`. */
  root: string;
  name: string;
  /** Per-package features for the app's `uk.features`. */
  features?: Record<string, string[]>;
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

  const links = WORKSPACE_PACKAGES.map((rel) => path.join(opts.repoRoot, rel)).map((dir) => ({ dir, name: packageName(dir) }));
  const deps = Object.keys(hello.dependencies ?? {}).filter((d) => links.some((l) => l.name === d));
  const manifest = {
    name: opts.name,
    version: '0.0.0',
    private: true,
    dependencies: Object.fromEntries(deps.map((d) => [d, '*'])),
    uk: { ...hello.uk, ...(opts.features ? { features: opts.features } : {}) },
  };
  writeFileSync(path.join(appDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const source of hello.uk.sources) {
    mkdirSync(path.dirname(path.join(appDir, source)), { recursive: true });
    copyFileSync(path.join(helloDir, source), path.join(appDir, source));
  }
  for (const { dir, name } of links) {
    const at = path.join(appDir, 'node_modules', name);
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(dir, at);
  }
  return appDir;
}
