import { allocatorSuite } from '@uk/test-utils/alloc';

allocatorSuite('buddy', {
  reusesMemory: true,
  runs: [
    [1, 1_000_000, 32, 16384, 10],
    [2, 1_000_000, 8, 65536, 5],
    [3, 1_000_000, 64, 2048, 30], // page-heavy: splitting and merging
  ],
});
