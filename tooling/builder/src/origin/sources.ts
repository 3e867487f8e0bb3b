// The files a library compiles from its third-party tree and the header
// directories it takes from there, each confined to the tree: the manifest's
// patterns are relative and have no "..", and every match is checked again
// after following links.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { OriginError } from '../errors.js';
import type { OriginManifest } from '../manifest/schema.js';
import { expandPattern } from '../util/glob.js';
import type { OriginTree } from './tree.js';

function inside(tree: OriginTree, rel: string, what: string, pkgJson: string): string {
  const abs = path.join(tree.dir, rel);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    throw new OriginError('UK_ORIGIN_PATH', `${tree.lib} lists ${what} ${rel}, which is not in ${tree.name} ${tree.version} (${tree.archive.file})`, {
      fix: `correct uk.origin in ${pkgJson}: paths are relative to the unpacked tree`,
    });
  }
  const root = realpathSync(tree.dir);
  if (!real.startsWith(root + path.sep)) {
    throw new OriginError('UK_ORIGIN_PATH', `${tree.lib}: ${what} ${rel} leads outside the unpacked tree of ${tree.name} ${tree.version}`, { fix: `correct uk.origin in ${pkgJson}` });
  }
  return abs;
}

/** Absolute paths of the .c and .S files of the tree that origin.sources names, sorted. */
export function originSources(tree: OriginTree, origin: OriginManifest, pkgJson: string, listed: Set<string>): string[] {
  const out = new Set<string>();
  for (const p of origin.sources) {
    const files = expandPattern(tree.dir, p, listed);
    for (const f of files) {
      const abs = inside(tree, f, 'source', pkgJson);
      if (/\.(c|S)$/.test(f)) out.add(abs);
    }
  }
  return [...out].sort();
}

/** Absolute header directories of the tree that origin.include (or origin.privateInclude) names. */
export function originIncludeDirs(tree: OriginTree, origin: OriginManifest, pkgJson: string, field: 'include' | 'privateInclude' = 'include'): string[] {
  return (origin[field] ?? []).map((d) => {
    const abs = inside(tree, d, 'header directory', pkgJson);
    if (!statSync(abs).isDirectory()) {
      throw new OriginError('UK_ORIGIN_PATH', `${tree.lib}: header directory ${d} of ${tree.name} ${tree.version} is not a directory`, { fix: `correct uk.origin.${field} in ${pkgJson}` });
    }
    return abs;
  });
}
