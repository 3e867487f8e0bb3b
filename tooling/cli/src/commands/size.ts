// uk size [appdir] [--target t]: bytes per library and section.
import type { BuildResult } from '@uk/build';
import { buildApp } from '../build-app.js';
import { displayPath, resolveAppDir } from '../paths.js';
import type { CliContext } from '../context.js';
import { formatBytes, formatTable } from '../output/table.js';

export interface SizeCommandOptions {
  target?: string | undefined;
}

export async function sizeCommand(ctx: CliContext, appdir: string | undefined, opts: SizeCommandOptions): Promise<number> {
  const result = await buildApp(ctx, resolveAppDir(ctx, appdir), opts.target);
  ctx.stdout.write(formatSizes(result, displayPath(ctx, result.image)));
  return 0;
}

export function formatSizes(r: Pick<BuildResult, 'sizes' | 'size' | 'target'>, image: string): string {
  const rows = r.sizes
    .map((s) => ({ ...s, total: s.text + s.rodata + s.data + s.bss }))
    .sort((a, b) => b.total - a.total || a.lib.localeCompare(b.lib));
  const sum = rows.reduce(
    (acc, s) => ({ text: acc.text + s.text, rodata: acc.rodata + s.rodata, data: acc.data + s.data, bss: acc.bss + s.bss, total: acc.total + s.total }),
    { text: 0, rodata: 0, data: 0, bss: 0, total: 0 },
  );
  const n = formatBytes;
  const table = formatTable(
    [
      { header: 'library' },
      { header: 'text', align: 'right' },
      { header: 'rodata', align: 'right' },
      { header: 'data', align: 'right' },
      { header: 'bss', align: 'right' },
      { header: 'total', align: 'right' },
    ],
    [
      ...rows.map((s) => [s.lib, n(s.text), n(s.rodata), n(s.data), n(s.bss), n(s.total)]),
      ['(all)', n(sum.text), n(sum.rodata), n(sum.data), n(sum.bss), n(sum.total)],
    ],
  );
  return `${table}\n\nimage: ${image} (${r.target}) ${formatBytes(r.size)} bytes\n`;
}
