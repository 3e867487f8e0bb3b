// <stdlib.h> conversions and algorithms, against glibc and self-checked.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildAgainstHost, buildAgainstLibc, buildLibc, differences, freshDir, runProgram, type RunResult,
} from './support/build.js';

let ours: RunResult;
let glibc: RunResult;

const dir = freshDir('stdlib');

beforeAll(async () => {
  const libc = await buildLibc();
  const [uk, host] = await Promise.all([buildAgainstLibc(libc, 'stdlib', dir), buildAgainstHost('stdlib', dir)]);
  ours = runProgram(uk);
  glibc = runProgram(host);
});

// Invalid bases (1, 37): both say EINVAL, but where glibc leaves endptr is
// its own business (POSIX leaves it unspecified), so those lines are not compared.
const invalidBase = /^strtol \d+ (1|37) /;

const diff = (prefix: string): string[] => differences(ours.stdout, glibc.stdout, prefix, invalidBase);

describe('stdlib', () => {
  it('passes its own checks (qsort, bsearch, rand, %.17g and %a round trips through strtod)', () => {
    expect(ours.stdout.split('\n').filter((l) => l.startsWith('FAIL')).slice(0, 10)).toEqual([]);
    expect(ours.stdout).toMatch(/failures 0\n$/);
    expect(ours.status).toBe(0);
  });

  it('strtol/strtoul/strtoll/strtoull/strtoimax/strtoumax: values, endptr, errno as glibc', () => {
    expect(diff('strtol ')).toEqual([]);
    expect(diff('atoi ')).toEqual([]);
    // Spot checks that do not depend on glibc.
    for (const l of ours.stdout.split('\n').filter((x) => invalidBase.test(x)))
      expect(l).toMatch(/^strtol \d+ \d+ 0 0 22 strtoul 0 0 22 ll 0 ull 0 imax 0 umax 0 errno 22$/);
    expect(ours.stdout).toContain('strtol 22 10 -9223372036854775808 20 34 strtoul 9223372036854775807 20 0');
  });

  it('strtod/strtof/atof on awkward input as glibc', () => expect(diff('strtod ')).toEqual([]));
  it('strtof as glibc', () => expect(diff('strtof ')).toEqual([]));
  it('strtod on random short decimals as glibc', () => expect(diff('dec ')).toEqual([]));
  it('qsort, bsearch, div, abs as glibc', () => {
    for (const p of ['qsort ', 'bsearch', 'div ', 'abs ']) expect(diff(p), p).toEqual([]);
  });
});
