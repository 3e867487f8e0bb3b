// Compiles bench/bench.c with @uk/alloc-core and the three allocators for the
// host. run.mjs and the smoke test (test/api.test.ts) build the same program.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packages = resolve(here, '../..');
const src = (p, ...files) => files.map((f) => join(packages, p, 'src', f));
const inc = (p) => [`-I${join(packages, p, 'include')}`, `-I${join(packages, p, 'privateInclude')}`];

/** Compile the benchmark to `out` and return it; throws with gcc's output on failure. */
export function buildBench(out) {
  execFileSync('gcc', [
    '-std=gnu11', '-O2', '-g', '-Wall', '-Wextra', '-Werror',
    ...['alloc', 'alloc-core', 'alloc-tlsf', 'alloc-buddy', 'alloc-region'].flatMap(inc),
    join(here, 'bench.c'),
    ...src('alloc-core', 'api.c', 'registry.c', 'fault.c', 'objlayer.c'),
    ...src('alloc-tlsf', 'tlsf.c', 'handle.c'),
    ...src('alloc-buddy', 'pages.c', 'buddy.c'),
    ...src('alloc-region', 'region.c'),
    '-o', out,
  ], { stdio: ['ignore', 'inherit', 'pipe'] });
  return out;
}
