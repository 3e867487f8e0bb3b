import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/write-schema.ts', 'src/write-manifest-doc.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  target: 'node20',
  clean: true,
  sourcemap: true,
});
