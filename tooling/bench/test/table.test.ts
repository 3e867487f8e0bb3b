// Smoke test for the bench's helpers: medians and the results table.
import { describe, expect, it } from 'vitest';
import { median, summarize } from '../src/lib/stats.js';
import { formatComparison, formatTable, measured, missing, single, targetMet, type Row } from '../src/lib/table.js';

describe('stats', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize([2, 9, 4])).toEqual({ n: 3, median: 4, min: 2, max: 9 });
    expect(() => median([])).toThrow();
  });
});

describe('table', () => {
  const wall: Row = {
    metric: 'wall',
    unit: 'ms',
    uk: measured(summarize([40, 41, 42])),
    baseline: { label: 'floor', cell: measured(summarize([30, 31, 32])) },
    compare: 'delta',
    target: { kind: 'max-delta', value: 10 },
    reference: '0.14 s',
  };
  const size: Row = { metric: 'size', unit: 'B', uk: single(50_000), baseline: { label: 'k', cell: single(4_000) }, compare: 'ratio', target: { kind: 'max', value: 65_536 } };
  const broken: Row = { metric: 'broken', unit: 'KiB', uk: missing('link failed'), baseline: { label: 'k', cell: missing('link failed') }, target: { kind: 'max', value: 1152 } };

  it('judges targets against the figure or the baseline', () => {
    expect(targetMet(wall)).toBe(true);
    expect(targetMet({ ...wall, uk: measured(summarize([45])) })).toBe(false);
    expect(targetMet(size)).toBe(true);
    expect(targetMet(broken)).toBeUndefined();
  });

  it('judges a throughput target as a ratio to the baseline', () => {
    const iops: Row = { metric: 'iops', unit: 'IOPS', uk: single(3000), baseline: { label: 'Linux', cell: single(2000) }, compare: 'ratio', target: { kind: 'min-ratio', value: 1.5 } };
    expect(targetMet(iops)).toBe(true);
    expect(targetMet({ ...iops, uk: single(2999) })).toBe(false);
    expect(formatTable([iops])).toContain('≥ ×1.5 baseline');
    expect(formatTable([iops])).toContain('3,000 IOPS');
  });

  it('judges a cost target as at most a fraction of the baseline', () => {
    const cost: Row = { metric: 'vcpu', unit: 'us', uk: single(30), baseline: { label: 'Linux', cell: single(90) }, compare: 'ratio', target: { kind: 'max-ratio', value: 1 / 3 } };
    expect(targetMet(cost)).toBe(true);
    expect(targetMet({ ...cost, uk: single(30.5) })).toBe(false);
    expect(formatTable([cost])).toContain('≤ ×0.333 baseline');
    const rate: Row = { metric: 'rate', unit: 'req/s', uk: single(12345), compare: 'ratio' };
    expect(formatTable([rate])).toContain('12,345 req/s');
  });

  it('shows deltas and ratios', () => {
    expect(formatComparison(wall)).toBe('+10.0 ms');
    expect(formatComparison(size)).toBe('×12.50');
    expect(formatComparison(broken)).toBe('—');
  });

  it('formats a padded markdown table with N and footnotes for missing figures', () => {
    const text = formatTable([wall, size, broken]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^\| metric +\| uk \(median of N\) +\| baseline \(this run\)/);
    expect(new Set(lines.slice(0, 5).map((l) => l.length)).size).toBe(1);
    expect(text).toContain('41.0 ms (N=3)');
    expect(text).toContain('floor: 31.0 ms (N=3)');
    expect(text).toContain('50,000 B');
    expect(text).toContain('≤ baseline + 10.0 ms');
    expect(lines[4]).toContain('n/a [1]');
    expect(lines[4]).toContain('| unknown |');
    expect(text.match(/\[1\] link failed/g)).toHaveLength(1);
  });
});
