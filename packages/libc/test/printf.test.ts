// printf family: the same table of thousands of format/value cases runs
// through uk's snprintf and the host glibc's; the outputs must be identical.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAgainstHost, buildAgainstLibc, buildLibc, freshDir, runProgram } from './support/build.js';
import { doubleFormats, generateCases } from './support/cases.js';

let ours: string[] = [];
let glibc: string[] = [];

const dir = freshDir('printf');

beforeAll(async () => {
  writeFileSync(join(dir, 'cases.h'), generateCases());
  const libc = await buildLibc();
  const [uk, host] = await Promise.all([
    buildAgainstLibc(libc, 'printf_cases', dir, { include: [dir] }),
    buildAgainstHost('printf_cases', dir, { include: [dir] }),
  ]);
  const a = runProgram(uk);
  const b = runProgram(host);
  expect(a.status).toBe(0);
  expect(b.status).toBe(0);
  ours = a.stdout.split('\n');
  glibc = b.stdout.split('\n');
});

// Where glibc is wrong and uk is right. %#g must keep trailing zeros (C11
// 7.21.6.1p6), but glibc 2.36 drops them when rounding carries into a new
// exponent: printf("%#g", 999999.5) gives "1.e+06" instead of "1.00000e+06".
// Only that: a d case whose format is %#g, glibc's ±1.e+06 against uk's ±1.00000e+06.
const sharpG = doubleFormats.indexOf('%#g');
function glibcBug(g: string, u: string): boolean {
  const m = /^d(\d+) \d+ \[(-?)1\.e\+06\]$/.exec(g);
  if (!m || Number(m[1]) % doubleFormats.length !== sharpG) return false;
  const sign = m[2] ?? '';
  return u === `d${m[1]} ${11 + sign.length} [${sign}1.00000e+06]`;
}

function mismatches(prefix: RegExp): string[] {
  const out: string[] = [];
  const n = Math.max(ours.length, glibc.length);
  for (let i = 0; i < n; i++) {
    const g = glibc[i] ?? '<missing>';
    if (!prefix.test(g)) continue;
    if (glibcBug(g, ours[i] ?? '')) continue;
    if (ours[i] !== g) out.push(`glibc: ${g}\nuk:    ${ours[i] ?? '<missing>'}`);
  }
  return out;
}

describe('printf against glibc', () => {
  it('produces the same number of lines', () => {
    expect(ours.length).toBe(glibc.length);
    expect(ours.length).toBeGreaterThan(20000);
  });

  it('formats doubles (%f %e %g %a, flags, precisions, random values) identically', () => {
    expect(mismatches(/^d\d/).slice(0, 20)).toEqual([]);
  });

  it('formats int, char and length-modified integers identically', () => {
    expect(mismatches(/^(i|ll)\d/).slice(0, 20)).toEqual([]);
  });

  it('formats strings, pointers, * widths and precisions, long double identically', () => {
    expect(mismatches(/^(s|p|\*d|\*i|L)\d/).slice(0, 20)).toEqual([]);
  });

  it('handles multiple conversions, %n, truncation and the stdout entry points identically', () => {
    expect(mismatches(/^(fixed|direct|fprintf|puts|fputs|fwrite)/).slice(0, 20)).toEqual([]);
    expect(mismatches(/./).slice(0, 20)).toEqual([]);
  });
});
