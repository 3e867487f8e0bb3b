// The smallest-memory search: bisection over 64 KiB steps from the lower bound.
import { MIN_MEMORY_BYTES } from '@uk/cli';
import { describe, expect, it } from 'vitest';
import { smallestKiB } from '../src/lib/qemu.js';

describe('smallestKiB', () => {
  const search = async (needKiB: number, lo: number, hi: number) => {
    const probes: number[] = [];
    const kib = await smallestKiB(async (k) => {
      probes.push(k);
      return k >= needKiB;
    }, lo, hi);
    return { kib, probes };
  };

  it('finds the first 64 KiB step that boots, probing nothing outside [lo, hi]', async () => {
    for (const need of [1088, 1152, 1500, 8192]) {
      const { kib, probes } = await search(need, 1088, 8192);
      expect(kib).toBe(Math.ceil(need / 64) * 64);
      expect(probes.every((k) => k >= 1088 && k <= 8192 && k % 64 === 0), probes.join(' ')).toBe(true);
    }
  });

  it('reports the lower bound when it boots, and undefined when even the upper bound does not', async () => {
    expect((await search(0, 1088, 8192)).kib).toBe(1088);
    expect((await search(9000, 1088, 8192)).kib).toBeUndefined();
  });

  it('starts at the least memory uk run accepts, a whole number of steps', () => {
    expect(MIN_MEMORY_BYTES % (64 * 1024)).toBe(0);
  });
});
