import path from 'node:path';
import { defineConfig } from 'vitest/config';

// One Vitest run covers the build plugin's unit tests, each micro-library's
// native tests (compiled for the host) and the end-to-end boots.
export default defineConfig({
  test: {
    include: [
      'tooling/*/test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'platforms/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
    ],
    reporters: ['default', './vitest.summary.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two cores: boots and compiles already run in parallel inside a test.
    fileParallelism: true,
    maxWorkers: 2,
    // Where scripts/setup.sh puts third-party archives (lwIP's), unless the
    // environment names another directory.
    // Built packages (dist/) are loaded by Node as they are, not re-transformed
    // for every test file: the tests importing @uk/build start much faster.
    server: { deps: { external: [/\/tooling\/[^/]+\/dist\//] } },
    env: { UK_ORIGIN_DIR: process.env.UK_ORIGIN_DIR ?? path.join(import.meta.dirname, '.uk-origin') },
  },
});
