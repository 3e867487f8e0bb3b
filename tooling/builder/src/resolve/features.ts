// Features are additive: the enabled set of a library is its defaults plus
// every request, closed over the features each feature turns on. Only the
// app, which owns the image, may leave a library's defaults off. Names are
// looked up as own keys only, so `constructor` or `__proto__` never match.
import type { ClosureNode } from './closure.js';
import * as errors from './errors.js';
import type { BuildableManifest } from './resolve.js';

export function resolveFeatures(
  node: ClosureNode,
  manifest: BuildableManifest,
  requested: string[],
  requester: string,
  withDefaults: boolean,
  why: readonly string[] = [node.name],
): string[] {
  if (manifest.kind === 'app') {
    if (requested.length > 0) throw errors.appHasNoFeatures(node.name);
    return [];
  }
  const defined = manifest.features;
  const known = Object.keys(defined).sort();
  for (const f of requested) {
    if (!Object.hasOwn(defined, f)) throw errors.featureUnknown(node.name, f, requester, known, why);
  }
  const enabled = new Set<string>();
  const visit = (f: string, from: string): void => {
    if (enabled.has(f)) return;
    const def = Object.hasOwn(defined, f) ? defined[f] : undefined;
    if (!def) throw errors.featureTurnsOnUndefined(node.name, node.dir, from, f, known, why);
    enabled.add(f);
    for (const g of def.features ?? []) visit(g, f);
  };
  for (const f of [...(withDefaults ? manifest.defaultFeatures : []), ...requested]) visit(f, 'defaultFeatures');
  return [...enabled].sort();
}
