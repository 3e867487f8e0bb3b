// <time.h> broken-down time and strftime, <math.h> rounding, against glibc (in UTC,
// uk's only time zone) and self-checked.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAgainstHost, buildAgainstLibc, buildLibc, differences, freshDir, runProgram, type RunResult } from './support/build.js';

let ours: RunResult;
let glibc: RunResult;

const dir = freshDir('timemath');

beforeAll(async () => {
  const libc = await buildLibc();
  const [uk, host] = await Promise.all([buildAgainstLibc(libc, 'timemath', dir), buildAgainstHost('timemath', dir)]);
  ours = runProgram(uk);
  glibc = runProgram(host, [], { env: { ...process.env, TZ: 'UTC' } });
});

describe('time and rounding', () => {
  it('passes its own checks (NaN, infinities, signed zeros, gmtime and timegm round trips)', () => {
    expect(ours.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(ours.stdout).toMatch(/failures 0\n$/);
    expect(ours.status).toBe(0);
  });

  it('gmtime_r/localtime_r as glibc, from before year 1 to the year 2147485547', () => {
    expect(ours.stdout).toContain('gmtime 951782400 100-1-29 0:0:0 wday 2 yday 59 dst 0\n');
    expect(differences(ours.stdout, glibc.stdout, 'gmtime ')).toEqual([]);
  });

  it('timegm/mktime carry fields over as glibc', () => {
    expect(differences(ours.stdout, glibc.stdout, 'timegm ')).toEqual([]);
    expect(differences(ours.stdout, glibc.stdout, 'mktime ')).toEqual([]);
  });

  it('strftime as glibc, every conversion, ISO weeks across New Years', () => {
    // 31 December 2024 is in ISO week 1 of 2025.
    expect(ours.stdout).toContain('strftime 1735689599 Tue Tuesday Dec December Tue Dec 31 23:59:59 2024 20 31 12/31/24 31 2024-12-31 25 2025 ');
    expect(ours.stdout.split('\n').filter((l) => l.startsWith('strftime ')).length).toBeGreaterThan(60);
    expect(differences(ours.stdout, glibc.stdout, 'strftime ')).toEqual([]);
  });

  it('fabs, trunc, floor, ceil, sqrt bit for bit as glibc', () => {
    expect(ours.stdout).toContain('round -0x1p-1 fabs 0x1p-1 trunc -0x0p+0 floor -0x1p+0 ceil -0x0p+0');
    expect(differences(ours.stdout, glibc.stdout, 'round ')).toEqual([]);
  });
});
