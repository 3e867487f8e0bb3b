// Build step: publishes the manifest schema as JSON Schema, so editors can
// complete and check the `uk` field of package.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestJsonSchema } from './manifest/json-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(path.join(root, 'schema'), { recursive: true });
writeFileSync(path.join(root, 'schema', 'uk-manifest.schema.json'), JSON.stringify(manifestJsonSchema(), null, 2) + '\n');
