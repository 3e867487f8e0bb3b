import { allocatorSuite } from '../../alloc/testkit/suite.ts';

allocatorSuite('tlsf', {
  reusesMemory: true,
  runs: [
    [1, 1_000_000, 32, 16384, 10],
    [2, 1_000_000, 8, 65536, 5], // small heap, big objects: exhaustion is frequent
    [3, 1_000_000, 64, 2048, 2],
  ],
});
