import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/bench.ts'],
  format: ['esm'],
  target: 'node20',
  clean: true,
  sourcemap: true,
});
