import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFreestanding, compileHost, pkg, run, tempDir } from '../testkit/native.ts';

const dir = tempDir('alloc-api');

describe('@uk/alloc headers', () => {
  it('compile freestanding and warning-free with the build flags', () => {
    const src = join(dir, 'use.c');
    writeFileSync(src, [
      '#include <uk/alloc.h>',
      '#include <uk/alloc_impl.h>',
      'void *use(struct uk_alloc *a) { return uk_malloc(a, uk_alloc_availmem(a) / 2); }',
      'unsigned top(size_t x) { return uk_alloc_fls(x); }',
      '',
    ].join('\n'));
    const r = compileFreestanding(src, [join(pkg('alloc'), 'include')], [], join(dir, 'use.o'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('benchmark program', () => {
  it('builds and prints every figure for each allocator (smoke run, not a measurement)', () => {
    const inc = (p: string) => [join(pkg(p), 'include'), join(pkg(p), 'privateInclude')];
    const src = (p: string, ...f: string[]) => f.map((x) => join(pkg(p), 'src', x));
    const bin = compileHost(
      [join(pkg('alloc'), 'bench', 'bench.c'), ...src('alloc-core', 'api.c', 'registry.c', 'fault.c', 'objlayer.c'),
        ...src('alloc-tlsf', 'tlsf.c', 'handle.c'), ...src('alloc-buddy', 'pages.c', 'buddy.c'),
        ...src('alloc-region', 'region.c')],
      ['alloc', 'alloc-core', 'alloc-tlsf', 'alloc-buddy', 'alloc-region'].flatMap(inc), [], join(dir, 'bench'));
    for (const a of ['glibc', 'tlsf', 'buddy', 'region']) {
      const r = run(bin, [a, '20000']);
      expect(r.status).toBe(0);
      const metrics = r.stdout.trim().split('\n').map((l) => l.split(' ')[1]);
      expect(metrics).toContain('mix_all_mops');
      expect(metrics).toContain('malloc_p999_ns');
      if (a !== 'glibc') expect(metrics).toContain('init_1GiB_us');
    }
  });
});

