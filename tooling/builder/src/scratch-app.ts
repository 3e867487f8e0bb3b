// An app made on the fly outside any workspace listing: a package.json, its
// sources copied in, and each dependency linked into node_modules the way
// pnpm links it, so the build resolves it as it resolves an installed app.
// The benchmarks' app copies, the tests' copies of hello and `uk test`'s
// images are such apps, all written here.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ResolveError } from './errors.js';
import { locatePackage } from './resolve/locate.js';

export interface ScratchAppOptions {
  /** The app's directory (created; must not hold node_modules links of the same names already). */
  dir: string;
  /** Its package name. */
  name: string;
  /** Its version (0.0.0 unless given: a copy of an app keeps the app's, and so its configuration and cached objects). */
  version?: string;
  /** Dependency name -> the package directory linked as node_modules/<name>. */
  packages: Iterable<readonly [string, string]>;
  /** The manifest's `uk` field. */
  uk: Record<string, unknown>;
  /** Files copied in: path inside the app -> the file to copy. */
  files?: Record<string, string>;
  description?: string;
}

/** Writes the app (package.json, files, node_modules links) and returns its directory. */
export function writeScratchApp(o: ScratchAppOptions): string {
  const links = [...o.packages];
  mkdirSync(o.dir, { recursive: true });
  for (const [to, from] of Object.entries(o.files ?? {})) {
    mkdirSync(path.dirname(path.join(o.dir, to)), { recursive: true });
    copyFileSync(from, path.join(o.dir, to));
  }
  for (const [name, target] of links) {
    const at = path.join(o.dir, 'node_modules', name);
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(target, at, 'dir');
  }
  const manifest = {
    name: o.name,
    version: o.version ?? '0.0.0',
    private: true,
    ...(o.description ? { description: o.description } : {}),
    dependencies: Object.fromEntries(links.map(([name]) => name).sort().map((name) => [name, '*'])),
    uk: o.uk,
  };
  writeFileSync(path.join(o.dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return o.dir;
}

/**
 * The directories of the packages `names` as installed for the package at
 * `fromDir` (its own dependencies by default), as pairs for
 * writeScratchApp's `packages`. Throws naming the first one not installed.
 */
export function installedPackages(fromDir: string, names?: readonly string[]): Array<[string, string]> {
  const wanted = names ?? Object.keys((JSON.parse(readFileSync(path.join(fromDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {});
  return wanted.map((name) => {
    const dir = locatePackage(name, fromDir);
    if (dir === undefined) throw new ResolveError('UK_DEP_NOT_INSTALLED', `${name} is not installed for ${fromDir}`, { fix: 'run pnpm install' });
    return [name, dir];
  });
}
