import path from 'node:path';
import { buildLibrary, linkHostProgram } from '@uk/build';
import { runProgram, tempDir } from '@uk/test-utils';
import { hostErrno } from '@uk/test-utils/alloc';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');
const dir = tempDir('alloc-core');

describe('@uk/alloc-core: compiles as an image would', () => {
  for (const target of ['host', 'kvm-x86_64']) {
    for (const stats of [false, true]) {
      it(`for ${target}${stats ? ' with the stats feature' : ''}: warning-free, malloc and the API exported`, async () => {
        const b = await buildLibrary({ dir: pkgDir, target, features: stats ? ['stats'] : [], werror: true });
        expect(b.sources).toEqual(expect.arrayContaining(['src/api.c', 'src/boot.c', 'src/malloc.c', 'src/registry.c']));
        expect(b.flags.includes('-DCONFIG_UK_ALLOC_CORE_STATS=1')).toBe(stats);
        expect(b.exported).toEqual(expect.arrayContaining(['malloc', 'free', 'uk_malloc', 'uk_alloc_boot_default']));
      });
    }
  }
});

describe('@uk/alloc-core: registry, errno and boot glue on the host', () => {
  it('hands the platform FREE regions to the default allocator once', async () => {
    const core = await buildLibrary({ dir: pkgDir, werror: true });
    const bin = await linkHostProgram({
      sources: [path.join(pkgDir, 'test', 'native', 'boot_glue.c'), hostErrno],
      libraries: [core],
      out: path.join(dir, 'boot_glue'),
    });
    const r = runProgram(bin);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('OK core\n');
    expect(r.status).toBe(0);
  });
});
