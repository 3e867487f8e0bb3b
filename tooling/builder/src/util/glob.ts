// Expands the source patterns of a manifest (`src/*.c`, `src/**/*.S`)
// relative to a package directory. Only `*` (within a path segment) and
// `**` (any depth) are special; results are sorted for determinism.
import { readdirSync } from 'node:fs';
import path from 'node:path';

function toRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(root: string, rel: string, out: string[], listed: Set<string> | undefined): void {
  const dir = path.join(root, rel);
  const entries = readdirSync(dir, { withFileTypes: true });
  listed?.add(dir);
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(root, r, out, listed);
    else out.push(r);
  }
}

/**
 * Returns package-relative paths matched by the pattern. `listed`, when
 * given, receives every directory read (a file added there changes the match).
 */
export function expandPattern(dir: string, pattern: string, listed?: Set<string>): string[] {
  if (!pattern.includes('*')) return [pattern];
  const base = pattern.slice(0, pattern.indexOf('*')).replace(/[^/]*$/, '');
  const files: string[] = [];
  try {
    walk(dir, base.replace(/\/$/, ''), files, listed);
  } catch {
    // The directory is missing: creating it changes the package's own.
    listed?.add(dir);
    return [];
  }
  const re = toRegExp(pattern);
  return files.filter((f) => re.test(f)).sort();
}
