// @uk/blkdev-core on the host: every source compiles warning-free with the
// build plugin's freestanding flags, and a driver over memory (test/native/
// memdisk.c) checks registration, the request checks, queue depth, out-of-
// order completions, callbacks, statistics and the synchronous layer --
// once polled (no scheduler linked) and once with a stand-in scheduler whose
// sleep is ended by the device's interrupt.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFreestanding, compileHost, pkg, run, tempDir } from '../../alloc/testkit/native.ts';

const dir = tempDir('blkdev-core');
const src = join(pkg('blkdev-core'), 'src');
const includes = [join(pkg('blkdev'), 'include'), join(pkg('plat'), 'include'), src];
const sources = readdirSync(src).filter((f) => f.endsWith('.c'));

describe('@uk/blkdev-core: freestanding compile', () => {
  it.each(sources)('%s compiles warning-free', (file) => {
    const r = compileFreestanding(join(src, file), includes, [], join(dir, `${file}.o`));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('@uk/blkdev-core with a driver over memory', () => {
  it.each([
    ['polled', []],
    ['sched', ['WITH_SCHED']],
  ] as const)('%s', (variant, defines) => {
    const bin = compileHost([join(pkg('blkdev-core'), 'test/native/memdisk.c'), ...sources.map((f) => join(src, f))],
      includes, [...defines], join(dir, `memdisk-${variant}`));
    const r = run(bin, []);
    expect(r.stdout).toBe(`[uk-blkdev] bad0 not registered: invalid sector_size\nOK ${variant}\n`);
    expect(r.status).toBe(0);
  });
});
