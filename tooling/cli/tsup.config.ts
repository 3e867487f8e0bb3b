import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: { entry: 'src/index.ts' },
    target: 'node20',
    sourcemap: true,
  },
  {
    // The command is one bundled file: resolving and loading dozens of
    // modules at start-up cost more than `uk run`'s whole no-op build check.
    entry: ['src/cli.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    noExternal: [/.*/],
    banner: { js: "import { createRequire as __ukCreateRequire } from 'node:module'; const require = __ukCreateRequire(import.meta.url);" },
    sourcemap: true,
  },
]);
