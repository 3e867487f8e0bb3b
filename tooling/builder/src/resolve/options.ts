// Options are typed values (int, bool, string) with defaults; the app may
// set them. A value of the wrong type or out of range is an error naming the
// option, its type and where the bad value was written. Names are looked up
// as own keys only, so `constructor` or `__proto__` never match.
import type { OptionValue } from '../manifest/schema.js';
import type { ClosureNode } from './closure.js';
import * as errors from './errors.js';
import type { BuildableManifest } from './resolve.js';

export function resolveOptions(
  node: ClosureNode,
  manifest: BuildableManifest,
  given: Record<string, OptionValue>,
  requester: string,
  why: readonly string[] = [node.name],
): Record<string, OptionValue> {
  const defs = manifest.kind === 'app' ? {} : manifest.options;
  const where = `uk.options["${node.name}"] in ${requester}'s package.json`;
  const known = Object.keys(defs).sort();
  const out: Record<string, OptionValue> = {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(defs, name)) throw errors.optionUnknown(node.name, name, where, known, why);
  }
  for (const [name, def] of Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))) {
    const value = Object.hasOwn(given, name) ? given[name]! : def.default;
    const bad = (expect: string) => errors.optionType(node.name, name, expect, value, where, why);
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
