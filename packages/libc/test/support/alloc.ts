// @uk/alloc-core plus one @uk/alloc implementation, each built by @uk/build
// from its manifest (see buildLib), the implementation
// as the default, so its boot entry hands it the test platform's heap.
// libc has no malloc of its own; tests of code that allocates link these.
import { buildLib } from './build.js';

export type AllocatorName = 'tlsf' | 'buddy' | 'region';

/** The partially linked objects of alloc-core and alloc-<name> (objects from @uk/build's cache). */
export async function buildAllocator(name: AllocatorName): Promise<string[]> {
  const [core, impl] = await Promise.all([buildLib('@uk/alloc-core'), buildLib(`@uk/alloc-${name}`, { isDefault: true })]);
  return [core.object, impl.object];
}
