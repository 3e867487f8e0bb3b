// Builds bench/bench.c for the host with @uk/alloc-core and the three
// allocators, each built by @uk/build as an image build compiles it (found
// in the workspace). run.mjs and the smoke test (test/api.test.ts) build the
// same program.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLibrary, findWorkspacePackage, linkHostProgram } from '@uk/build';

const here = dirname(fileURLToPath(import.meta.url));

/** The C allocation functions: the glibc rows of the benchmark are the host's, not alloc-core's. */
const HOST_MALLOC = ['malloc', 'free', 'calloc', 'realloc', 'aligned_alloc', 'memalign', 'posix_memalign'];

/** Compile the benchmark to `out` and return it; rejects with the compiler's output on failure. */
export async function buildBench(out) {
  const libraries = await Promise.all(
    ['@uk/alloc-core', '@uk/alloc-tlsf', '@uk/alloc-buddy', '@uk/alloc-region'].map((name) => buildLibrary({ dir: findWorkspacePackage(name, here), werror: true })),
  );
  return linkHostProgram({ sources: [join(here, 'bench.c')], libraries, out, hostSymbols: HOST_MALLOC });
}
