import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileFreestanding, compileHost, coreHostSources, pkg, run, tempDir,
} from '../../alloc/testkit/native.ts';

const dir = tempDir('alloc-core');
const includes = [join(pkg('alloc-core'), 'include'), join(pkg('alloc'), 'include'), join(pkg('plat'), 'include')];
const sources = readdirSync(join(pkg('alloc-core'), 'src')).filter((f) => f.endsWith('.c'));

describe('@uk/alloc-core: freestanding compile', () => {
  for (const file of sources) {
    for (const stats of [false, true]) {
      it(`${file}${stats ? ' with the stats feature' : ''} compiles warning-free`, () => {
        const r = compileFreestanding(join(pkg('alloc-core'), 'src', file), includes,
          stats ? ['CONFIG_UK_ALLOC_STATS'] : [], join(dir, `${file}.${stats}.o`));
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
      });
    }
  }
});

describe('@uk/alloc-core: registry, errno and boot glue on the host', () => {
  it('hands the platform FREE regions to the default allocator once', () => {
    const bin = compileHost(
      [join(pkg('alloc-core'), 'test', 'native', 'boot_glue.c'), ...coreHostSources,
        join(pkg('alloc-core'), 'src', 'boot.c')],
      includes, [], join(dir, 'boot_glue'));
    const r = run(bin, []);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('OK core\n');
    expect(r.status).toBe(0);
  });
});
