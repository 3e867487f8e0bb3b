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
  },
});
