// uk config [appdir] [--target t] [--json] [--init-order]: what the image is
// configured with, as locked in uk.lock.json; with --init-order, its boot
// order read from the built image (init-order.ts).
import type { LockLib, LockTarget } from '@uk/build';
import { printable } from '@uk/build/errors';
import { lockedTarget } from '../locked-target.js';
import { resolveAppDir } from '../paths.js';
import type { CliContext } from '../context.js';
import { initOrderCommand } from './init-order.js';

export interface ConfigCommandOptions {
  target?: string | undefined;
  json?: boolean | undefined;
  initOrder?: boolean | undefined;
}

export async function configCommand(ctx: CliContext, appdir: string | undefined, opts: ConfigCommandOptions): Promise<number> {
  if (opts.initOrder) return initOrderCommand(ctx, resolveAppDir(ctx, appdir), opts.target, opts.json === true);
  const { target, lock, app } = await lockedTarget(ctx, resolveAppDir(ctx, appdir), opts.target);
  if (opts.json) {
    ctx.stdout.write(JSON.stringify({ app, target, ...lock }, null, 2) + '\n');
    return 0;
  }
  ctx.stdout.write(formatConfig(ctx, app, target, lock));
  return 0;
}

const KIND_ORDER: Record<LockLib['kind'], number> = { app: 0, platform: 1, lib: 2 };

export function formatConfig(ctx: Pick<CliContext, 'out'>, app: string, target: string, lock: LockTarget): string {
  const c = ctx.out;
  const out: string[] = [`${c.bold(app)} for ${c.bold(target)} (platform ${lock.platform}, arch ${lock.arch})`, ''];
  const libs = [...lock.libs].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
  for (const lib of libs) {
    out.push(`${c.bold(lib.name)} ${lib.version}${lib.kind === 'lib' ? '' : c.dim(` (${lib.kind})`)}`);
    if (lib.implements.length) out.push(`  implements: ${lib.implements.join(', ')}`);
    out.push(`  features:   ${lib.features.length ? lib.features.join(', ') : c.dim('none')}`);
    const options = Object.entries(lib.options);
    if (options.length) {
      const width = Math.max(...options.map(([k]) => k.length));
      out.push('  options:');
      for (const [k, v] of options.sort(([a], [b]) => a.localeCompare(b))) out.push(`    ${k.padEnd(width)} = ${printable(JSON.stringify(v))}`);
    }
  }
  const apis = Object.entries(lock.apis);
  if (apis.length) {
    out.push('', c.bold('APIs'));
    const width = Math.max(...apis.map(([k]) => k.length));
    for (const [api, impls] of apis.sort(([a], [b]) => a.localeCompare(b))) out.push(`  ${api.padEnd(width)} → ${impls.join(', ')}`);
  }
  return out.join('\n') + '\n';
}
