// docs/manifest.md, generated from the manifest's JSON Schema (itself
// generated from the zod schema), so the reference cannot drift from what
// the build accepts. `pnpm docs:manifest` rewrites it; a test fails when the
// committed file is stale.
import { manifestJsonSchema } from './json-schema.js';

type Schema = {
  type?: string;
  title?: string;
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  description?: string;
  default?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  minItems?: number;
  minimum?: number;
  maximum?: number;
};

const isObject = (s: Schema): boolean => s.type === 'object' && s.properties !== undefined;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(s: Schema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  const alts = s.oneOf ?? s.anyOf;
  if (alts) {
    const kinds = alts.map((a) => a.properties?.kind?.const ?? a.properties?.type?.const);
    if (kinds.every((k) => k !== undefined)) return `object (${kinds.map((k) => `\`${String(k)}\``).join(' | ')}, see below)`;
    return alts.map(typeOf).join(' | ');
  }
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'value'}[]`;
  if (s.type === 'string') return s.pattern || s.title ? `string (${s.title ?? `\`${s.pattern}\``})` : 'string';
  if (s.type === 'integer') return 'integer';
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    const key = s.propertyNames ? typeOf(s.propertyNames).replace(/^string \((.*)\)$/, '$1') : 'key';
    const v = s.additionalProperties;
    const value = isObject(v) || v.oneOf ? 'object (see below)' : typeOf(v);
    return `{ ${key} → ${value} }`;
  }
  if (isObject(s)) return 'object (see below)';
  return s.type ?? 'any';
}

function table(s: Schema): string[] {
  const req = new Set(s.required ?? []);
  const out = ['| field | type | required | default | description |', '|---|---|---|---|---|'];
  for (const [name, p] of Object.entries(s.properties ?? {})) {
    const def = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
    out.push(`| \`${name}\` | ${cell(typeOf(p))} | ${req.has(name) ? 'yes' : ''} | ${def} | ${cell(p.description ?? '')} |`);
  }
  return out;
}

/** Sub-tables for object-valued fields (features.<name>, options.<name>, run, origin.archives[]), at any depth. */
function nested(prefix: string, s: Schema, seen: Set<string>): string[] {
  const out: string[] = [];
  for (const [name, p] of Object.entries(s.properties ?? {})) {
    const parts: [string, Schema][] = [];
    const value = p.type === 'object' && typeof p.additionalProperties === 'object' ? p.additionalProperties : p.type === 'array' && p.items?.oneOf ? p.items : p;
    const path = value === p ? `${prefix}.${name}` : p.type === 'array' ? `${prefix}.${name}[]` : `${prefix}.${name}.<name>`;
    if (isObject(value)) parts.push([path, value]);
    for (const alt of value.oneOf ?? []) {
      const tag = alt.properties?.kind?.const ?? alt.properties?.type?.const;
      if (isObject(alt)) parts.push([`${path} (${tag !== undefined ? `${alt.properties?.kind ? 'kind' : 'type'}: ${JSON.stringify(tag)}` : 'variant'})`, alt]);
    }
    for (const [title, sub] of parts) {
      const key = `${title}:${JSON.stringify(sub)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push('', `#### \`${title}\``, '', ...table(sub), ...nested(title.replace(/ \(.*\)$/, ''), sub, seen));
    }
  }
  return out;
}

export function manifestReference(): string {
  const schema = manifestJsonSchema() as Schema & { title?: string; $id?: string };
  const out = [
    '# Manifest reference',
    '',
    '<!-- GENERATED from the manifest schema (tooling/builder/src/manifest/schema.ts) by',
    '     tooling/builder/src/manifest/doc.ts. Do not edit: run `pnpm docs:manifest`. -->',
    '',
    'A micro-library is a package whose `package.json` has a `uk` field. Its',
    '`kind` selects one of the four shapes below. The same schema ships as JSON',
    'Schema in `@uk/build/schema.json`; point your editor at it for completion:',
    '',
    '```json',
    '{ "$schema": "./node_modules/@uk/build/schema.json" }',
    '```',
    '',
    'Paths are relative to the package; `*` matches within one path segment,',
    '`**` any depth. Unknown fields are errors. See',
    '[writing-a-micro-library.md](writing-a-micro-library.md) for a walk-through.',
    '',
    'A manifest cannot make the build run code or read outside its package:',
    'paths stay inside the package (no `..`, no absolute path, no symbolic link',
    'out of it), compiler and linker flags come from an allow-list, and',
    '`__proto__`, `constructor` and `prototype` are never keys. The rules, the',
    'allow-lists and the app\'s `unsafeCflags` opt-in are in',
    '[security.md](security.md).',
  ];
  for (const kind of schema.oneOf ?? []) {
    const name = String(kind.properties?.kind?.const);
    out.push('', `## \`"kind": "${name}"\``, '', kind.description ?? '', '', ...table(kind), ...nested(name, kind, new Set()));
  }
  return out.join('\n') + '\n';
}
