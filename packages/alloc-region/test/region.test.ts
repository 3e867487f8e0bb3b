import { allocatorSuite } from '@uk/test-utils/alloc';

// A region never reuses memory: the heap must hold every allocation of the
// run, so objects stay small and pages rare.
allocatorSuite('region', {
  reusesMemory: false,
  runs: [
    [1, 1_000_000, 512, 256, 1],
    [2, 1_000_000, 512, 1024, 0],
  ],
});
