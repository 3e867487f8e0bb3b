// Build step: writes dist/known-packages.json, the catalog of what each @uk
// package of the workspace offers (known/collect.ts), shipped with @uk/build.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectKnownPackages } from './known/collect.js';
import { KNOWN_PACKAGES_FILE } from './known/catalog.js';
import { findWorkspaceRoot } from './workspace.js';

const dist = path.dirname(fileURLToPath(import.meta.url));
const root = findWorkspaceRoot(dist);
if (root === undefined) throw new Error('write-known-packages: @uk/build is built inside the uk workspace');
writeFileSync(path.join(dist, KNOWN_PACKAGES_FILE), JSON.stringify(collectKnownPackages(root), null, 1) + '\n');
