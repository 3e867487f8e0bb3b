// Finds an installed dependency the way Node does: node_modules/<name> in the
// depending package's directory and each directory above it. pnpm installs
// a package's dependencies (and its resolved peers) as siblings of the
// package inside the virtual store, so the real path is the right start.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

export function locatePackage(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
