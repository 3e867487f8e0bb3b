// uk config --init-order: the boot order of the built image, on one screen —
// every UK_INIT entry in the order the booter runs it (level, priority,
// library, function), where main runs, and every UK_FINI entry in the order
// shutdown runs it. Read from the image (map file and .dbg symbols), so it
// shows what was linked, not what the manifests suggest.
import type { InitEntry } from '@uk/build';
import { buildApp } from '../build-app.js';
import { displayPath } from '../paths.js';
import { plugin } from '../plugin.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../output/table.js';

const LEVEL_NAMES: Record<number, string> = { 10: 'early', 20: 'plat', 30: 'lib', 40: 'fs', 50: 'late' };

export async function initOrderCommand(ctx: CliContext, appDir: string, target: string | undefined, json: boolean): Promise<number> {
  const result = await buildApp(ctx, appDir, target);
  const { detectToolchain, readInitOrder } = await plugin();
  const entries = await readInitOrder(await detectToolchain(), result.debugImage, result.mapFile, result.libs.map((l) => l.name));
  if (json) {
    ctx.stdout.write(JSON.stringify({ target: result.target, entries }, null, 2) + '\n');
    return 0;
  }
  ctx.stdout.write(formatInitOrder(ctx, result.target, displayPath(ctx, result.debugImage), entries));
  return 0;
}

export function formatInitOrder(ctx: Pick<CliContext, 'out'>, target: string, image: string, entries: readonly InitEntry[]): string {
  const c = ctx.out;
  const init = entries.filter((e) => e.table === 'init');
  const fini = entries.filter((e) => e.table === 'fini');
  const out = [`${c.bold('boot order')} of ${image} (${target})`, ''];
  if (init.length) {
    const rows = init.map((e, i) => [String(i + 1), `${e.level} ${LEVEL_NAMES[e.level ?? 0] ?? ''}`.trim(), String(e.priority), e.library, `${e.function}()`]);
    out.push(formatTable([{ header: 'init', align: 'right' }, { header: 'level' }, { header: 'prio', align: 'right' }, { header: 'library' }, { header: 'function' }], rows));
  } else {
    out.push(c.dim('no init entries'));
  }
  out.push('', `  ${c.bold('main(argc, argv)')}`, '');
  if (fini.length) {
    const rows = fini.map((e, i) => [String(i + 1), String(e.priority), e.library, `${e.function}()`]);
    out.push(formatTable([{ header: 'fini', align: 'right' }, { header: 'prio', align: 'right' }, { header: 'library' }, { header: 'function' }], rows));
  } else {
    out.push(c.dim('no shutdown entries'));
  }
  return out.join('\n') + '\n';
}
