// The conformance suite every @uk/alloc implementation runs, through the
// build engine an image uses: the library compiles warning-free for the
// host and for kvm (whose target flags are the strictest), with and without
// being the default allocator, and its boot entry exists exactly when it is
// the default; seeded random sequences of >= 10^6 operations pass the
// shadow-model stress program (stress.c), linked on the host with the
// allocator and @uk/alloc-core (with its stats feature).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLibrary, linkHostProgram, locatePackage, type LibraryBuild } from '@uk/build';
import { describe, expect, it } from 'vitest';
import { packageDir, runProgram } from '../src/process.js';
import { tempDir } from '../src/temp.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface SuiteOptions {
  /** False for allocators whose free never returns memory (region). */
  reusesMemory: boolean;
  /** [seed, ops, heap MiB, max object size, % of allocations that take pages] */
  runs: [number, number, number, number, number][];
}

/** Whether an object file has a section of that name. */
export function hasSection(obj: string, name: string): boolean {
  const out = execFileSync('objdump', ['-h', obj], { encoding: 'utf8' });
  return out.split('\n').some((l) => l.trim().split(/\s+/)[1] === name);
}

/** errno through @uk/libc's accessor name, for host programs (alloc-core sets errno through it). */
export const hostErrno = path.join(here, 'host_errno.c');

/** The shadow-model stress program for one allocator, with @uk/alloc-core built with stats. */
export async function buildStress(dir: string, out: string, reusesMemory: boolean): Promise<string> {
  const impl = await buildLibrary({ dir, werror: true });
  const core = await buildLibrary({ dir: locatePackage('@uk/alloc-core', dir)!, features: ['stats'], werror: true });
  const short = impl.name.replace(/^@uk\/alloc-/, '');
  return linkHostProgram({
    sources: [path.join(here, 'stress.c'), hostErrno],
    libraries: [impl, core],
    includeDirs: [here],
    defines: [`ALLOC_HEADER=<uk/alloc_${short}.h>`, `ALLOC_CREATE=uk_alloc_${short}_create`, `REUSES_MEMORY=${reusesMemory ? 1 : 0}`],
    out,
  });
}

export function allocatorSuite(name: 'tlsf' | 'buddy' | 'region', opts: SuiteOptions): void {
  const dir = tempDir(`alloc-${name}`);
  const pkgDir = packageDir(`@uk/alloc-${name}`);

  describe(`@uk/alloc-${name}: compiles as an image would`, () => {
    for (const target of ['host', 'kvm-x86_64']) {
      for (const asDefault of [false, true]) {
        it(`for ${target}${asDefault ? ' as the default' : ''}: warning-free, boot entry only as the default`, async () => {
          const b: LibraryBuild = await buildLibrary({ dir: pkgDir, target, asDefault, werror: true });
          expect(b.sources).toContain('src/boot.c');
          expect(b.exported).toContain(`uk_alloc_${name}_create`);
          expect(hasSection(b.object, '.uk_inittab.300')).toBe(asDefault);
        });
      }
    }
  });

  describe(`@uk/alloc-${name}: randomized shadow-model stress`, () => {
    let bin = '';
    it('builds for the host', async () => {
      bin = await buildStress(pkgDir, path.join(dir, `stress-${name}`), opts.reusesMemory);
    });
    for (const [seed, ops, heap, max, pages] of opts.runs) {
      it(`seed ${seed}: ${ops} ops, ${heap} MiB heap, objects up to ${max} B`, () => {
        const r = runProgram(bin, [String(seed), String(ops), String(heap), String(max), String(pages)]);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^OK ${name} ops=${ops} `));
      });
    }
  });
}
