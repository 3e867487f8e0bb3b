// Features are additive: the enabled set of a library is its defaults plus
// every request, closed over the features each feature turns on. Only the
// app, which owns the image, may leave a library's defaults off.
import { ResolveError } from '../errors.js';
import type { ClosureNode } from './closure.js';
import type { BuildableManifest } from './resolve.js';

export function resolveFeatures(
  node: ClosureNode,
  manifest: BuildableManifest,
  requested: string[],
  requester: string,
  withDefaults: boolean,
): string[] {
  if (manifest.kind === 'app') {
    if (requested.length > 0) {
      throw new ResolveError('UK_FEATURE_UNKNOWN', `${node.name} is an app; apps have no features of their own`, {
        fix: `remove uk.features["${node.name}"]`,
      });
    }
    return [];
  }
  const defined = manifest.features;
  const known = Object.keys(defined).sort();
  for (const f of requested) {
    if (!(f in defined)) {
      throw new ResolveError(
        'UK_FEATURE_UNKNOWN',
        `${node.name} has no feature "${f}" (requested by ${requester}); its features: ${known.length ? known.join(', ') : 'none'}`,
        { fix: `correct uk.features["${node.name}"] in ${requester}'s package.json` },
      );
    }
  }
  const enabled = new Set<string>();
  const visit = (f: string, from: string): void => {
    if (enabled.has(f)) return;
    const def = defined[f];
    if (!def) {
      throw new ResolveError('UK_FEATURE_UNKNOWN', `${node.name}: feature "${from}" turns on "${f}", which it does not define`, {
        fix: `define "${f}" under uk.features in ${node.dir}/package.json`,
      });
    }
    enabled.add(f);
    for (const g of def.features ?? []) visit(g, f);
  };
  for (const f of [...(withDefaults ? manifest.defaultFeatures : []), ...requested]) visit(f, 'defaultFeatures');
  return [...enabled].sort();
}
