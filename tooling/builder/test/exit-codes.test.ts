// The guest's exit codes have one C source, @uk/boot's <uk/exit.h>; the
// TypeScript mirror must agree with it, and no C source writes them again.
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '@uk/test-utils';
import { describe, expect, it } from 'vitest';
import { GUEST_EXIT, RUN_TIMEOUT_EXIT } from '../src/errors.js';

const header = path.join(repoRoot, 'packages/boot/include/uk/exit.h');

/** name -> value of every #define UK_EXIT_* in the header. */
function parseHeader(text: string): Map<string, number> {
  return new Map([...text.matchAll(/^#define (UK_EXIT_\w+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

describe('exit codes', () => {
  it('uk/exit.h and GUEST_EXIT hold the same codes', () => {
    const c = parseHeader(readFileSync(header, 'utf8'));
    const camel = (n: string) => n.replace(/^UK_EXIT_/, '').toLowerCase().replace(/_(\w)/g, (_, x: string) => x.toUpperCase());
    expect(Object.fromEntries([...c].map(([k, v]) => [camel(k), v]))).toEqual(GUEST_EXIT);
  });

  it("uk run --timeout's status is no guest code and no signal's 128+n", () => {
    const guest = Object.values(GUEST_EXIT);
    expect(Math.max(...guest)).toBe(GUEST_EXIT.max);
    // Real-time signals (SIGRTMIN..SIGRTMAX, up to 64) have no name in os.constants.
    const highestSignal = Math.max(64, ...Object.values(constants.signals));
    expect(RUN_TIMEOUT_EXIT).toBeGreaterThan(128 + highestSignal);
    expect(RUN_TIMEOUT_EXIT).toBeLessThan(256);
  });

  it('no C source of a package defines or passes them as numbers', () => {
    const files = execFileSync('git', ['ls-files', 'packages/*/src/*', 'packages/*/src/**', 'platforms/*/src/**'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.[chS]$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) => /uk_plat_exit\(\s*12[2-6]\s*\)|#define\s+\w+\s+12[2-6]\b/.test(readFileSync(path.join(repoRoot, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
