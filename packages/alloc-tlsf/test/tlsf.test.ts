import path from 'node:path';
import { hostLibraries, linkHostProgram } from '@uk/build';
import { runProgram, tempDir } from '@uk/test-utils';
import { allocatorSuite } from '@uk/test-utils/alloc';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');
const dir = tempDir('alloc-tlsf-native');

allocatorSuite('tlsf', {
  reusesMemory: true,
  runs: [
    [1, 1_000_000, 32, 16384, 10],
    [2, 1_000_000, 8, 65536, 5], // small heap, big objects: exhaustion is frequent
    [3, 1_000_000, 64, 2048, 2],
  ],
});

/** A host program of test/native/ linked with the allocator and alloc-core (what uk test does). */
async function buildNative(name: string): Promise<string> {
  const libraries = await hostLibraries({ dir: pkgDir, werror: true });
  return linkHostProgram({ sources: [path.join(pkgDir, 'test', 'native', `${name}.c`)], libraries, out: path.join(dir, name) });
}

describe('@uk/alloc-tlsf: an overflow into the next block', () => {
  it('is reported as corruption by free instead of merging blocks that are not free', async () => {
    const r = runProgram(await buildNative('overflow'));
    expect(r.stdout).toBe('OK tlsf overflow\n');
    expect(r.status).toBe(0);
  });
});

describe('@uk/alloc-tlsf: pfree of what palloc did not return for that many pages', () => {
  it('is reported (foreign, or double for a second free) and leaves the block live', async () => {
    const r = runProgram(await buildNative('pfree'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('OK tlsf pfree\n');
    expect(r.status).toBe(0);
  });
});
