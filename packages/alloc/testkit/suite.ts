// The native test suite every @uk/alloc implementation runs: its sources
// compile warning-free with the build plugin's freestanding flags, its boot
// entry exists exactly when it is the default, and seeded random sequences
// of >= 10^6 operations pass the shadow-model stress program.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  buildStress, compileFreestanding, hasSection, impl, pkg, run, tempDir,
} from './native.ts';

export interface SuiteOptions {
  /** False for allocators whose free never returns memory (region). */
  reusesMemory: boolean;
  /** [seed, ops, heap MiB, max object size, % of allocations that take pages] */
  runs: [number, number, number, number, number][];
}

export function allocatorSuite(name: 'tlsf' | 'buddy' | 'region', opts: SuiteOptions): void {
  // The manifest's sources (all under src/), so a source added there is tested too.
  const manifest = JSON.parse(readFileSync(join(pkg(`alloc-${name}`), 'package.json'), 'utf8'));
  const files = (manifest.uk.sources as string[]).map((s) => basename(s));
  const im = impl(name, files.filter((f) => f !== 'boot.c'));
  const dir = tempDir(`alloc-${name}`);
  const includes = [...im.includes, join(pkg('boot'), 'include')]; // boot.c: uk/init.h

  describe(`@uk/alloc-${name}: freestanding compile`, () => {
    it('the manifest lists src/boot.c (the default allocator\'s boot entry)', () => {
      expect(files).toContain('boot.c');
    });
    for (const file of files) {
      for (const isDefault of [false, true]) {
        it(`${file}${isDefault ? ' as the default' : ''} compiles warning-free`, () => {
          const out = join(dir, `${file}.${isDefault ? 'dflt' : 'plain'}.o`);
          const r = compileFreestanding(join(pkg(`alloc-${name}`), 'src', file), includes,
            isDefault ? ['CONFIG_UK_ALLOC_DEFAULT_IS_SELF'] : [], out);
          expect(r.stderr).toBe('');
          expect(r.status).toBe(0);
          if (file === 'boot.c') expect(hasSection(out, '.uk_inittab.300')).toBe(isDefault);
        });
      }
    }
  });

  describe(`@uk/alloc-${name}: randomized shadow-model stress`, () => {
    let bin = '';
    it('builds for the host', () => {
      bin = buildStress(im, dir, opts.reusesMemory);
    });
    for (const [seed, ops, heap, max, pages] of opts.runs) {
      it(`seed ${seed}: ${ops} ops, ${heap} MiB heap, objects up to ${max} B`, () => {
        const r = run(bin, [String(seed), String(ops), String(heap), String(max), String(pages)]);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^OK ${name} ops=${ops} `));
      });
    }
  });
}
