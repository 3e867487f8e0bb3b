// The origin step of a build: every library of the image that names
// third-party sources gets its tree (from the cache, or fetched now).
import type { ResolvedImage } from '../resolve/resolve.js';
import type { BuildEvent } from '../types.js';
import { ensureOrigin, type OriginTree } from './tree.js';

/** Library name -> its tree, for the libraries of the image with uk.origin. */
export type OriginTrees = ReadonlyMap<string, OriginTree>;

export async function prepareOrigins(image: ResolvedImage, cacheDir: string, emit: (e: BuildEvent) => void): Promise<OriginTrees> {
  const trees = new Map<string, OriginTree>();
  for (const lib of image.libs) {
    const m = lib.manifest;
    if (m.kind === 'app' || !m.origin) continue;
    const tree = await ensureOrigin({ libName: lib.name, pkgDir: lib.node.dir, origin: m.origin }, cacheDir);
    trees.set(lib.name, tree);
    emit({ type: 'origin', lib: lib.name, name: tree.name, version: tree.version, archive: tree.archive.file, from: tree.from, dir: tree.dir });
  }
  return trees;
}
