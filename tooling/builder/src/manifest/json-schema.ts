// The manifest schema as JSON Schema (draft 2020-12), generated from the zod
// schema so the two can never disagree.
import { z } from 'zod';
import { ukManifest } from './schema.js';

export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ukManifest, { io: 'input' }) as Record<string, unknown>;
  return {
    $id: 'urn:uk:manifest-schema:1',
    title: 'uk micro-library manifest (the "uk" field of package.json)',
    ...schema,
  };
}
