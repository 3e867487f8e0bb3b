// The posix suite's SQLite part: reading speedtest1's transcript (its
// TOTAL and its first test's own time), and refusing one that stopped early.
import { describe, expect, it } from 'vitest';
import { bootToFirstQueryMs, parseSpeedtest1 } from '../src/suites/posix-sqlite.js';

const RUN = [
  'sqlite: start',
  '-- Speedtest1 for SQLite 3.53.0 2026-04-09 11:41:38 4525003a53a7fc63ca75c59b22c7',
  ' 100 - 2500 INSERTs into table with no index.......................    0.028s',
  ' 110 - 2500 ordered INSERTS with one index/PK......................    0.020s',
  ' 990 - ANALYZE.....................................................    0.019s',
  '       TOTAL.......................................................    1.268s',
  '',
].join('\n');

describe('parseSpeedtest1', () => {
  it('reads the TOTAL and the first test line', () => {
    expect(parseSpeedtest1(RUN)).toEqual({ totalS: 1.268, firstTestS: 0.028 });
  });

  it('refuses a run without its TOTAL (speedtest1 stopped on an error)', () => {
    const cut = RUN.replace(/ +TOTAL.*\n/, 'Error: disk I/O error\n');
    expect(() => parseSpeedtest1(cut)).toThrow(/speedtest1 did not finish/);
  });

  it('refuses a run with no test line', () => {
    expect(() => parseSpeedtest1('sqlite: start\n       TOTAL....    0.001s\n')).toThrow(/did not finish/);
  });
});

describe('bootToFirstQueryMs', () => {
  it("is the first result line's arrival less that test's own time", () => {
    const lines = RUN.split('\n').map((text, i) => ({ ms: 100 + i * 50, text }));
    // ' 100 - ...  0.028s' arrives at 200 ms: the first query began at 172 ms
    expect(bootToFirstQueryMs({ lines, exitCode: 0, stderr: '', timedOut: false })).toBeCloseTo(172, 6);
  });

  it('throws when no result line arrived', () => {
    expect(() => bootToFirstQueryMs({ lines: [{ ms: 5, text: 'sqlite: start' }], exitCode: 1, stderr: '', timedOut: false })).toThrow(/no speedtest1 result line/);
  });
});
