// Finds an installed dependency the way Node does: node_modules/<name> in the
// depending package's directory and each directory above it. pnpm installs
// a package's dependencies (and its resolved peers) as siblings of the
// package inside the virtual store, so the real path is the right start.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * `searched`, when given, receives the directory at each level whose listing
 * decided the lookup (`node_modules/@scope`, else `node_modules`), so a later
 * install or removal there (which changes that directory) can be noticed.
 */
export function locatePackage(name: string, fromDir: string, searched?: Set<string>): string | undefined {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (searched) noteListing(path.join(dir, 'node_modules'), scope, searched);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function noteListing(nodeModules: string, scope: string | undefined, searched: Set<string>): void {
  const scoped = scope ? path.join(nodeModules, scope) : undefined;
  if (scoped && existsSync(scoped)) searched.add(scoped);
  else if (existsSync(nodeModules)) searched.add(nodeModules);
}
