// A plain text table: columns padded to their widest cell, numbers right-aligned.

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[], gap = 2): string {
  const widths = columns.map((col, i) => Math.max(col.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((col, i) => {
        const cell = cells[i] ?? '';
        const w = widths[i] ?? 0;
        return col.align === 'right' ? cell.padStart(w) : cell.padEnd(w);
      })
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}

/** 12345 → "12,345" (grouping only; no locale surprises). */
export function formatBytes(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
