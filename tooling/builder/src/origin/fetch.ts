// fetchOrigins: what `uk fetch` does: fill the cache with the third-party
// trees every target of an app needs, so that later builds work offline.
import path from 'node:path';
import { defaultCacheDir } from '../build.js';
import { collectClosure } from '../resolve/closure.js';
import { resolveClosure } from '../resolve/resolve.js';
import { ensureOrigin, type OriginTree } from './tree.js';

export interface FetchOptions {
  appDir: string;
  /** The target to fetch for; default: every target of the app. */
  target?: string;
  cacheDir?: string;
}

/** The tree of every library with uk.origin in the app's images, fetched where not cached. */
export async function fetchOrigins(options: FetchOptions): Promise<OriginTree[]> {
  const appDir = path.resolve(options.appDir);
  const closure = await collectClosure(appDir);
  const cacheDir = options.cacheDir ?? defaultCacheDir(appDir);
  const m = closure.app.manifest;
  const targets = options.target ? [options.target] : m?.kind === 'app' ? m.targets : [undefined];
  const done = new Map<string, OriginTree>();
  for (const target of targets) {
    const image = resolveClosure(closure, target);
    for (const lib of image.libs) {
      const lm = lib.manifest;
      if (lm.kind === 'app' || !lm.origin || done.has(lib.node.dir)) continue;
      done.set(lib.node.dir, await ensureOrigin({ libName: lib.name, pkgDir: lib.node.dir, origin: lm.origin }, cacheDir));
    }
  }
  return [...done.values()];
}
