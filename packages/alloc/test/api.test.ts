import path from 'node:path';
import { buildLibrary, linkHostProgram } from '@uk/build';
import { makeFixture, packageDir, runProgram, tempDir } from '@uk/test-utils';
import { describe, expect, it } from 'vitest';
import { buildBench } from '../bench/build.mjs';

const pkgDir = path.resolve(import.meta.dirname, '..');
const dir = tempDir('alloc-api');

describe('@uk/alloc headers', () => {
  it('compile warning-free, as a library requiring @uk/alloc is compiled for kvm', async () => {
    // A library that includes both headers, built by the image build's steps.
    const fx = makeFixture({
      name: '@t/alloc-user',
      uk: { kind: 'lib', requires: ['@uk/alloc'], sources: ['use.c'] },
      peers: { '@uk/alloc': ['*', `ws:${pkgDir}`] },
      deps: { '@uk/plat-kvm': `ws:${packageDir('@uk/plat-kvm')}` },
      files: {
        'use.c': [
          '#include <uk/alloc.h>',
          '#include <uk/alloc_impl.h>',
          'void *use(struct uk_alloc *a) { return uk_malloc(a, uk_alloc_availmem(a) / 2); }',
          'unsigned top(size_t x) { return uk_alloc_fls(x); }',
          '',
        ].join('\n'),
      },
    }, {}, dir);
    const b = await buildLibrary({ dir: fx.appDir, target: 'kvm-x86_64', werror: true, cacheDir: path.join(dir, 'cache') });
    expect(b.includeDirs).toContain(path.join(pkgDir, 'include'));
    expect(b.defined).toEqual(['top', 'use']);
  });
});

describe('uk_alloc_carve_state (the prologue of every create function)', () => {
  it('places the state, leaves the rest for the heap, refuses too little memory and wrapping ranges', async () => {
    const bin = await linkHostProgram({ sources: [path.join(pkgDir, 'test', 'native', 'carve.c')], includeDirs: [path.join(pkgDir, 'include')], out: path.join(dir, 'carve') });
    const r = runProgram(bin);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('OK carve\n');
    expect(r.status).toBe(0);
  });
});

describe('benchmark program', () => {
  it('builds and prints every figure for each allocator (smoke run, not a measurement)', async () => {
    const bin = await buildBench(path.join(dir, 'bench'));
    for (const a of ['glibc', 'tlsf', 'buddy', 'region']) {
      const r = runProgram(bin, [a, '20000']);
      expect(r.status).toBe(0);
      const metrics = r.stdout.trim().split('\n').map((l) => l.split(' ')[1]);
      expect(metrics).toContain('mix_all_mops');
      expect(metrics).toContain('malloc_p999_ns');
      if (a !== 'glibc') expect(metrics).toContain('init_1GiB_us');
    }
  });
});
