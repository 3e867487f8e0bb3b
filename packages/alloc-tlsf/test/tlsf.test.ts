import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { allocatorSuite } from '../../alloc/testkit/suite.ts';
import { compileHost, coreHostSources, impl, pkg, run, tempDir } from '../../alloc/testkit/native.ts';

allocatorSuite('tlsf', {
  reusesMemory: true,
  runs: [
    [1, 1_000_000, 32, 16384, 10],
    [2, 1_000_000, 8, 65536, 5], // small heap, big objects: exhaustion is frequent
    [3, 1_000_000, 64, 2048, 2],
  ],
});

/** A host program of test/native/ linked with alloc-core and the allocator (boot.c aside). */
function buildNative(name: string): string {
  const im = impl('tlsf', ['tlsf.c', 'handle.c']);
  return compileHost([join(pkg('alloc-tlsf'), 'test', 'native', `${name}.c`), ...coreHostSources, ...im.sources],
    im.includes, [], join(tempDir(`alloc-tlsf-${name}`), name));
}

describe('@uk/alloc-tlsf: an overflow into the next block', () => {
  it('is reported as corruption by free instead of merging blocks that are not free', () => {
    const bin = buildNative('overflow');
    const r = run(bin, []);
    expect(r.stdout).toBe('OK tlsf overflow\n');
    expect(r.status).toBe(0);
  });
});

describe('@uk/alloc-tlsf: pfree of what palloc did not return for that many pages', () => {
  it('is reported (foreign, or double for a second free) and leaves the block live', () => {
    const bin = buildNative('pfree');
    const r = run(bin, []);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('OK tlsf pfree\n');
    expect(r.status).toBe(0);
  });
});
