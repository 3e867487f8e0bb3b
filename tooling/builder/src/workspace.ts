// The pnpm workspace around a directory: its root (the nearest
// pnpm-workspace.yaml) and the package directories it lists, where an
// installed package is found from a directory, and apps made on the fly
// with their packages linked (scratch-app.ts). The one copy of each: the
// build's cache location, `uk ls`, @uk/create's workspace ranges, the
// benchmarks and the tests use these. Published alone as
// @uk/build/workspace (node:fs and node:path only), so @uk/create and the
// CLI load it without the rest of the build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export { locatePackage } from './resolve/locate.js';
export { installedPackages, writeScratchApp, type ScratchAppOptions } from './scratch-app.js';

/** The nearest directory at or above dir holding pnpm-workspace.yaml. */
export function findWorkspaceRoot(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    if (existsSync(path.join(d, 'pnpm-workspace.yaml'))) return d;
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

/**
 * Package directories named by pnpm-workspace.yaml's `packages:` list. Only
 * the forms pnpm workspaces use in practice: `dir`, `dir/*`, `dir/**`, and
 * `!pattern` exclusions.
 */
export function workspacePackageDirs(root: string): string[] {
  const text = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  const patterns: string[] = [];
  let inPackages = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trimEnd();
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages) {
      const m = /^\s+-\s+["']?([^"']+)["']?\s*$/.exec(line);
      if (m) patterns.push(m[1]!);
      else if (/^\S/.test(line)) inPackages = false;
    }
  }
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => path.join(root, p.slice(1)));
  const dirs = new Set<string>();
  const addChildren = (base: string, deep: boolean): void => {
    if (!existsSync(base)) return;
    for (const e of readdirSync(base, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const d = path.join(base, e.name);
      if (existsSync(path.join(d, 'package.json'))) dirs.add(d);
      if (deep) addChildren(d, true);
    }
  };
  for (const p of include) {
    if (p.endsWith('/**')) addChildren(path.join(root, p.slice(0, -3)), true);
    else if (p.endsWith('/*')) addChildren(path.join(root, p.slice(0, -2)), false);
    else if (existsSync(path.join(root, p, 'package.json'))) dirs.add(path.join(root, p));
  }
  return [...dirs].filter((d) => !exclude.some((x) => d === x || d.startsWith(x + path.sep))).sort();
}

/** The directory of the workspace package named name, in the workspace around dir. */
export function findWorkspacePackage(name: string, dir: string): string | undefined {
  const root = findWorkspaceRoot(dir);
  if (root === undefined) return undefined;
  return workspacePackageDirs(root).find((d) => {
    try {
      return (JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: unknown }).name === name;
    } catch {
      return false;
    }
  });
}
