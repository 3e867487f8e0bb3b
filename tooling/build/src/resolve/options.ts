// Options are typed values (int, bool, string) with defaults; the app may
// set them. A value of the wrong type or out of range is an error naming the
// option, its type and where the bad value was written.
import { ResolveError } from '../errors.js';
import type { OptionValue } from '../manifest/schema.js';
import type { ClosureNode } from './closure.js';
import type { BuildableManifest } from './resolve.js';

export function resolveOptions(
  node: ClosureNode,
  manifest: BuildableManifest,
  given: Record<string, OptionValue>,
  requester: string,
): Record<string, OptionValue> {
  const defs = manifest.kind === 'app' ? {} : manifest.options;
  const where = `uk.options["${node.name}"] in ${requester}'s package.json`;
  const out: Record<string, OptionValue> = {};
  for (const name of Object.keys(given)) {
    if (!(name in defs)) {
      const known = Object.keys(defs).sort();
      throw new ResolveError('UK_OPTION_UNKNOWN', `${node.name} has no option "${name}" (set in ${where}); its options: ${known.length ? known.join(', ') : 'none'}`, {
        fix: `correct ${where}`,
      });
    }
  }
  for (const [name, def] of Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))) {
    const value = name in given ? given[name]! : def.default;
    const bad = (expect: string) =>
      new ResolveError('UK_OPTION_TYPE', `option "${name}" of ${node.name} is ${expect}; got ${JSON.stringify(value)} in ${where}`, {
        fix: `set ${where}.${name} to ${expect}`,
      });
    if (def.type === 'int') {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw bad('an integer');
      if (def.min !== undefined && value < def.min) throw bad(`an integer ≥ ${def.min}`);
      if (def.max !== undefined && value > def.max) throw bad(`an integer ≤ ${def.max}`);
    } else if (def.type === 'bool') {
      if (typeof value !== 'boolean') throw bad('true or false');
    } else if (typeof value !== 'string') {
      throw bad('a string');
    }
    out[name] = value;
  }
  return out;
}
