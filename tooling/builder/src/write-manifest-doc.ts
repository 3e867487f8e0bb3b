// pnpm docs:manifest — rewrites docs/manifest.md from the manifest schema.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestReference } from './manifest/doc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const file = process.argv[2] ?? path.join(root, 'docs', 'manifest.md');
writeFileSync(file, manifestReference());
process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file}\n`);
