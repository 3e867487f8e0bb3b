// The results table: rows of a measured figure beside its baseline from the
// same run, the target and whether it is met, and a quoted reference figure.
import type { Summary } from './stats.js';

export type Unit = 'B' | 'KiB' | 'ms' | 's' | 'us' | 'MB/s' | 'IOPS' | 'req/s' | 'pkt/s' | 'ops/s' | 'ns' | 'blocks' | 'instructions';

/** A measured figure, or why there is none. */
export type Cell = ({ kind: 'value' } & Summary) | { kind: 'missing'; why: string };

export type Target =
  /** The figure itself must be at most `value`. */
  | { kind: 'max'; value: number }
  /** The figure may exceed the baseline by at most `value`. */
  | { kind: 'max-delta'; value: number }
  /** The figure must be at least `value` times the baseline (throughput). */
  | { kind: 'min-ratio'; value: number }
  /** The figure must be at most `value` times the baseline (a cost, a latency). */
  | { kind: 'max-ratio'; value: number };

export interface Row {
  metric: string;
  unit: Unit;
  uk: Cell;
  baseline?: { label: string; cell: Cell };
  /** How the figure relates to its baseline in the table. */
  compare?: 'ratio' | 'delta';
  target?: Target;
  /** Reference figure quoted from the issue (Unikraft 0.17), already formatted. */
  reference?: string;
}

export function measured(s: Summary): Cell {
  return { kind: 'value', ...s };
}

export function single(value: number): Cell {
  return { kind: 'value', n: 1, median: value, min: value, max: value };
}

export function missing(why: string): Cell {
  return { kind: 'missing', why };
}

const UNIT_TEXT: Record<Unit, string> = { B: 'B', KiB: 'KiB', ms: 'ms', s: 's', us: 'µs', 'MB/s': 'MB/s', IOPS: 'IOPS', 'req/s': 'req/s', 'pkt/s': 'pkt/s', 'ops/s': 'ops/s', ns: 'ns', blocks: 'blocks', instructions: 'instructions' };
const DIGITS: Record<Unit, number> = { B: 0, KiB: 0, ms: 1, s: 2, us: 1, 'MB/s': 1, IOPS: 0, 'req/s': 0, 'pkt/s': 0, 'ops/s': 0, ns: 1, blocks: 0, instructions: 0 };

function formatValue(value: number, unit: Unit): string {
  const text = value.toLocaleString('en-US', { minimumFractionDigits: DIGITS[unit], maximumFractionDigits: DIGITS[unit] });
  return `${text} ${UNIT_TEXT[unit]}`;
}

/** How a missing figure's reason is shown: inline by default, or as a footnote mark. */
export type Why = (why: string) => string;

const inline: Why = (why) => `(${why})`;

function formatCell(cell: Cell, unit: Unit, why: Why = inline): string {
  if (cell.kind === 'missing') return `n/a ${why(cell.why)}`;
  const v = formatValue(cell.median, unit);
  return cell.n > 1 ? `${v} (N=${cell.n})` : v;
}

export function formatComparison(row: Row): string {
  if (!row.baseline || !row.compare || row.uk.kind !== 'value' || row.baseline.cell.kind !== 'value') return '—';
  const a = row.uk.median;
  const b = row.baseline.cell.median;
  if (row.compare === 'delta') {
    const d = a - b;
    return `${d >= 0 ? '+' : '−'}${formatValue(Math.abs(d), row.unit)}`;
  }
  return b === 0 ? '—' : `×${(a / b).toFixed(2)}`;
}

function formatTarget(row: Row): string {
  const t = row.target;
  if (!t) return '—';
  if (t.kind === 'min-ratio') return `≥ ×${t.value} baseline`;
  if (t.kind === 'max-ratio') return `≤ ×${Number(t.value.toFixed(3))} baseline`;
  return t.kind === 'max' ? `≤ ${formatValue(t.value, row.unit)}` : `≤ baseline + ${formatValue(t.value, row.unit)}`;
}

/** true/false when the target can be judged, undefined when it cannot. */
export function targetMet(row: Row): boolean | undefined {
  const t = row.target;
  if (!t || row.uk.kind !== 'value') return undefined;
  if (t.kind === 'max') return row.uk.median <= t.value;
  if (!row.baseline || row.baseline.cell.kind !== 'value') return undefined;
  if (t.kind === 'min-ratio') return row.uk.median >= t.value * row.baseline.cell.median;
  if (t.kind === 'max-ratio') return row.uk.median <= t.value * row.baseline.cell.median;
  return row.uk.median - row.baseline.cell.median <= t.value;
}

export const COLUMNS = [
  'metric',
  'uk (median of N)',
  'baseline (this run)',
  'ratio / delta',
  'target',
  'met?',
  'Unikraft 0.17 reference (quoted from the issue)',
] as const;

export function rowCells(row: Row, why: Why = inline): string[] {
  const met = targetMet(row);
  return [
    row.metric,
    formatCell(row.uk, row.unit, why),
    row.baseline ? `${row.baseline.label}: ${formatCell(row.baseline.cell, row.unit, why)}` : '—',
    formatComparison(row),
    formatTarget(row),
    met === undefined ? (row.target ? 'unknown' : '—') : met ? 'yes' : 'NO',
    row.reference ?? '—',
  ];
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * A Markdown table (also readable as plain text: columns are padded). Reasons
 * for missing figures become numbered footnotes under it, each given once.
 */
export function formatTable(rows: readonly Row[]): string {
  const reasons: string[] = [];
  const footnote: Why = (why) => {
    const i = reasons.indexOf(why);
    return `[${(i < 0 ? reasons.push(why) : i + 1).toString()}]`;
  };
  const body = rows.map((r) => rowCells(r, footnote).map(escape));
  const header = [...COLUMNS];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  const notes = reasons.map((why, i) => `[${(i + 1).toString()}] ${why}`);
  return [...table, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
