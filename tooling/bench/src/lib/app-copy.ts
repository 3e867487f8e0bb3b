// A copy of one of the workspace's apps in a benchmark's work directory, its
// dependencies linked to the packages pnpm installed for the app, so that a
// benchmark build never writes the app's own build/ or uk.lock.json, and can
// swap the app's program for a benchmark program of its own (the same
// libraries, another main.c).
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { installedPackages, writeScratchApp } from '@uk/build/workspace';

interface AppManifest {
  name: string;
  uk: Record<string, unknown>;
}

export interface AppCopyOptions {
  repoRoot: string;
  /** The app's directory relative to the repository (apps/httpserver). */
  app: string;
  /** Where the copy is made. */
  dir: string;
  /** A C file that replaces the app's sources (becomes main.c, the only source). */
  main?: string;
  /** Targets of the copy (default: the app's). */
  targets?: readonly string[];
}

/** Makes the copy and returns its directory; throws when the app is not in this workspace. */
export function copyApp(o: AppCopyOptions): string {
  const appDir = path.join(o.repoRoot, o.app);
  if (!existsSync(path.join(appDir, 'package.json'))) throw new Error(`${o.app} is not in this workspace yet`);
  const manifest = JSON.parse(readFileSync(path.join(appDir, 'package.json'), 'utf8')) as AppManifest;
  let uk: Record<string, unknown> = { ...manifest.uk, ...(o.targets ? { targets: [...o.targets] } : {}) };
  if (o.main) {
    uk = { ...uk, sources: ['main.c'], include: [] };
  } else {
    cpSync(appDir, o.dir, {
      recursive: true,
      filter: (src) => !['node_modules', 'build', 'uk.lock.json', 'package.json'].includes(path.relative(appDir, src).split(path.sep)[0] ?? ''),
    });
  }
  return writeScratchApp({ dir: o.dir, name: `${manifest.name}-bench`, packages: installedPackages(appDir), uk, files: o.main ? { 'main.c': o.main } : {} });
}
