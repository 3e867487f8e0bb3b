import { defineConfig } from 'tsup';

// index: the whole build. errors, lookup, suggest and workspace (@uk/build/errors, ...):
// light enough for the CLI to bundle into its start-up code.
const entries = { index: 'src/index.ts', errors: 'src/errors.ts', lookup: 'src/util/lookup.ts', suggest: 'src/util/suggest.ts', workspace: 'src/workspace.ts' };

export default defineConfig({
  entry: { ...entries, 'write-schema': 'src/write-schema.ts', 'write-manifest-doc': 'src/write-manifest-doc.ts', 'write-known-packages': 'src/write-known-packages.ts' },
  format: ['esm'],
  dts: { entry: entries },
  target: 'node20',
  clean: true,
  sourcemap: true,
});
