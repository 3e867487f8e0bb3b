// Temporary copies of apps/hello outside the repository, so that benchmark
// builds never touch the app's own build/ or uk.lock.json, and so that a
// variant can change its manifest (turn features on, add an allocator as the
// default). Its dependencies are hello's, as pnpm installed them, linked by
// @uk/build's writeScratchApp.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { installedPackages, writeScratchApp } from '@uk/build/workspace';
import type { Expect } from './qemu.js';

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
  uk: { sources: string[] } & Record<string, unknown>;
}

function packageName(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string }).name;
}

/** Creates the app directory and returns it. */
export function makeTmpApp(opts: TmpAppOptions): string {
  const helloDir = path.join(opts.repoRoot, 'apps/hello');
  const hello = JSON.parse(readFileSync(path.join(helloDir, 'package.json'), 'utf8')) as HelloManifest;
  const extra = (opts.packages ?? []).map((rel) => path.join(opts.repoRoot, rel)).map((dir) => [packageName(dir), dir] as const);
  return writeScratchApp({
    dir: path.join(opts.root, opts.name),
    name: opts.name,
    packages: [...installedPackages(helloDir), ...extra],
    uk: { ...hello.uk, ...opts.uk },
    files: Object.fromEntries(hello.uk.sources.map((source) => [source, path.join(helloDir, source)])),
  });
}
