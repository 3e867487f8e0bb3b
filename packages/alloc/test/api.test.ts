import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBench } from '../bench/build.mjs';
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

describe('uk_alloc_carve_state (the prologue of every create function)', () => {
  it('places the state, leaves the rest for the heap, refuses too little memory and wrapping ranges', () => {
    const bin = compileHost([join(pkg('alloc'), 'test', 'native', 'carve.c')], [join(pkg('alloc'), 'include')], [], join(dir, 'carve'));
    const r = run(bin, []);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('OK carve\n');
    expect(r.status).toBe(0);
  });
});

describe('benchmark program', () => {
  it('builds and prints every figure for each allocator (smoke run, not a measurement)', () => {
    const bin = buildBench(join(dir, 'bench'));
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

