// Counting the blocks QEMU's TCG translated: the parser on a log of QEMU's
// shape, and real boots, where the long-mode floor kernel translates more
// blocks than the do-nothing kernel, and the same kernel the same number
// twice (the figure is steady, as net:boot relies on).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { needTool } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFloor } from '../src/lib/floor.js';
import { bootQemu, buildDoNothing, kvmRunSpec } from '../src/lib/qemu.js';
import { countTranslated, tcgLogArgs, translatedIn } from '../src/lib/tcg-blocks.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-tcg-blocks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('countTranslated', () => {
  it('counts the entries, not the instructions in them', () => {
    const log = ['----------------', 'IN: ', '0x000fffe0:  xorl %eax, %eax', '0x000fffe2:  jmp 0xfff00', '', '----------------', 'IN: main', '0x00100000:  hlt', ''].join('\n');
    expect(countTranslated(log).blocks).toBe(2);
    expect(countTranslated('').blocks).toBe(0);
  });

  it('counts the instructions of each entry, and nothing outside one', () => {
    const log = ['0x00000000:  stray line before any entry', '----------------', 'IN: ', '0x000fffe0:  xorl %eax, %eax', '0x000fffe2:  jmp 0xfff00', '', '----------------', 'IN: main', '0x00100000:  hlt', '', '----------------', '0x00200000:  stray line after a separator'].join('\n');
    expect(countTranslated(log)).toEqual({ blocks: 2, instructions: 3 });
    expect(countTranslated('')).toEqual({ blocks: 0, instructions: 0 });
  });

  it('reads 0 from a log QEMU never wrote', () => {
    expect(translatedIn(path.join(work, 'none.log')).blocks).toBe(0);
    expect(translatedIn(path.join(work, 'none.log'))).toEqual({ blocks: 0, instructions: 0 });
  });
});

describe('blocks of real boots under TCG', () => {
  beforeAll(() => needTool('qemu-system-x86_64'));

  it('the floor kernel translates more than the do-nothing kernel, each the same count twice', async () => {
    const spec = kvmRunSpec(repoRoot);
    const count = async (image: string, name: string): Promise<number> => {
      const log = path.join(work, `${name}.log`);
      rmSync(log, { force: true });
      const boot = await bootQemu({ image, spec, machine: 'microvm', accel: 'tcg', args: [], timeoutMs: 30_000, extraQemuArgs: tcgLogArgs(log) });
      expect(boot.outcome.kind, JSON.stringify(boot)).toBe('exit');
      const t = translatedIn(log);
      expect(t.instructions).toBeGreaterThanOrEqual(t.blocks);
      return t.blocks;
    };
    const doNothing = await buildDoNothing(path.join(repoRoot, 'tooling/bench/kernels/do-nothing.S'), work);
    const floor = await buildFloor(path.join(repoRoot, 'tooling/bench/kernels/long-mode-floor.S'), work);
    const idle = [await count(doNothing.image, 'do-nothing-1'), await count(doNothing.image, 'do-nothing-2')];
    const busy = [await count(floor.image, 'floor-1'), await count(floor.image, 'floor-2')];
    expect(idle[0]).toBeGreaterThan(0);
    expect(idle[1]).toBe(idle[0]);
    expect(busy[1]).toBe(busy[0]);
    expect(busy[0]).toBeGreaterThan(idle[0]!);
  }, 120_000);
});
