// @uk/blkdev-core on the host: it compiles warning-free as an image build
// compiles it (for the host and for kvm), and a driver over memory
// (test/native/memdisk.c) checks registration, the request checks, queue
// depth, out-of-order completions, callbacks, statistics and the
// synchronous layer -- once polled (no scheduler linked) and once with a
// stand-in scheduler whose sleep is ended by the device's interrupt.
import path from 'node:path';
import { buildLibrary, linkHostProgram } from '@uk/build';
import { runProgram, tempDir } from '@uk/test-utils';
import { describe, expect, it } from 'vitest';

const pkgDir = path.resolve(import.meta.dirname, '..');
const dir = tempDir('blkdev-core');

describe('@uk/blkdev-core: compiles as an image would', () => {
  it.each(['host', 'kvm-x86_64'])('for %s: warning-free, only uk_blkdev_* global', async (target) => {
    const b = await buildLibrary({ dir: pkgDir, target, werror: true });
    expect(b.sources.length).toBeGreaterThan(0);
    for (const s of b.exported) expect(s).toMatch(/^uk_blkdev_/);
  });
});

describe('@uk/blkdev-core with a driver over memory', () => {
  it.each([
    ['polled', []],
    ['sched', ['WITH_SCHED']],
  ] as const)('%s', async (variant, defines) => {
    const core = await buildLibrary({ dir: pkgDir, werror: true });
    const bin = await linkHostProgram({
      sources: [path.join(pkgDir, 'test/native/memdisk.c')],
      libraries: [core],
      defines: [...defines],
      out: path.join(dir, `memdisk-${variant}`),
    });
    const r = runProgram(bin);
    expect(r.stdout).toBe(`[uk-blkdev] bad0 not registered: invalid sector_size\nOK ${variant}\n`);
    expect(r.status).toBe(0);
  });
});
