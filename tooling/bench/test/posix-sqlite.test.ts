// The posix suite's SQLite part: reading speedtest1's transcript (its
// TOTAL, and its run time and boot to first query on the host's clock from
// when its lines arrived), and refusing one that stopped early.
import { describe, expect, it } from 'vitest';
import { bootToFirstQueryMs, parseSpeedtest1, wallTotalS } from '../src/suites/posix-sqlite.js';

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

describe('times on the host clock', () => {
  const lines = RUN.split('\n').map((text, i) => ({ ms: 100 + i * 50, text }));
  const run = { lines, exitCode: 0, stderr: '', timedOut: false };

  it("boot to first query is the header's arrival", () => {
    // the header is line 1: 150 ms
    expect(bootToFirstQueryMs(run)).toBe(150);
  });

  it('the run time is from the header to the TOTAL line, whatever speedtest1 reported', () => {
    // TOTAL is line 5 (350 ms): 0.2 s, not the 1.268 s it printed
    expect(wallTotalS(run)).toBeCloseTo(0.2, 9);
  });

  it('throws when the header or the TOTAL line never arrived', () => {
    expect(() => bootToFirstQueryMs({ ...run, lines: [{ ms: 5, text: 'sqlite: start' }] })).toThrow(/no speedtest1 header line/);
    expect(() => wallTotalS({ ...run, lines: lines.slice(0, 4) })).toThrow(/no speedtest1 TOTAL line/);
  });
});
