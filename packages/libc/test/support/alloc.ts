// @uk/alloc-core plus one @uk/alloc implementation, each built by @uk/build
// from its manifest (see buildLib), the implementation
// as the default, so its boot entry hands it the test platform's heap.
// libc has no malloc of its own; tests of code that allocates link these.
import type { LibraryBuild } from '@uk/build';
import { buildLib } from './build.js';

export type AllocatorName = 'tlsf' | 'buddy' | 'region';

/** alloc-core and alloc-<name>, as @uk/build built them (objects from its cache). */
export function buildAllocator(name: AllocatorName): Promise<LibraryBuild[]> {
  return Promise.all([buildLib('@uk/alloc-core'), buildLib(`@uk/alloc-${name}`, { isDefault: true })]);
}
