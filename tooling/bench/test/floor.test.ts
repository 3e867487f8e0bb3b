// The long-mode floor kernel, the baseline of hello's entry-to-main rows:
// it assembles, boots under QEMU TCG on both machines, and reports figures
// that parseFloor reads. Skipped without QEMU.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { needTool } from '@uk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFloor, FLOOR, parseFloor } from '../src/lib/floor.js';
import { bootOk, bootQemu, kvmRunSpec } from '../src/lib/qemu.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'uk-floor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('parseFloor', () => {
  it('reads both figures, and refuses output without a report', () => {
    expect(parseFloor('Booting from ROM..floor: 75214 45002\n')).toEqual({ toLongMode: 75214, loop: 45002 });
    expect(() => parseFloor('fixture: 3\n')).toThrow(/no report/);
  });
});

describe('the long-mode floor kernel under TCG', () => {
  beforeAll(() => needTool('qemu-system-x86_64'));
  for (const machine of ['microvm', 'pc'] as const) {
    it(`reaches 64-bit mode and reports on ${machine}`, async () => {
      const kernel = await buildFloor(path.join(repoRoot, 'tooling/bench/kernels/long-mode-floor.S'), work);
      const boot = await bootQemu({ image: kernel.image, spec: kvmRunSpec(repoRoot), machine, accel: 'tcg', args: [], timeoutMs: 30_000 });
      expect(bootOk(boot, FLOOR), JSON.stringify(boot)).toBe(true);
      const report = parseFloor(boot.stdout);
      expect(report.toLongMode).toBeGreaterThan(0);
      expect(report.loop).toBeGreaterThan(0);
    }, 60_000);
  }
});
