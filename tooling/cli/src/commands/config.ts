// uk config [appdir] [--target t] [--json] [--init-order]: what the image is
// configured with, as locked in uk.lock.json; with --init-order, its boot
// order read from the built image (init-order.ts).
import type { LockLib, LockTarget } from '@uk/build';
import { printable } from '@uk/build/errors';
import { lockedTarget } from '../locked-target.js';
import { plugin } from '../plugin.js';
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
  const { resolveApp } = await plugin();
  const image = await resolveApp(resolveAppDir(ctx, appdir), target);
  const offers = new Map<string, Offers>(
    image.libs.map((l) => [l.name, l.manifest.kind === 'app' ? { features: {}, options: {} } : { features: l.manifest.features, options: l.manifest.options }]),
  );
  ctx.stdout.write(formatConfig(ctx, app, target, lock, offers));
  return 0;
}

/** What a library offers, from its manifest: every feature and option, chosen or not. */
export interface Offers {
  features: Record<string, { description?: string | undefined }>;
  options: Record<string, { type: string; default: unknown; min?: number | undefined; max?: number | undefined; description?: string | undefined }>;
}

function optionType(o: Offers['options'][string]): string {
  if (o.type !== 'int') return o.type;
  const range = o.min !== undefined || o.max !== undefined ? ` ${o.min ?? ''}..${o.max ?? ''}` : '';
  return `int${range}`;
}

const KIND_ORDER: Record<LockLib['kind'], number> = { app: 0, platform: 1, lib: 2 };

export function formatConfig(ctx: Pick<CliContext, 'out'>, app: string, target: string, lock: LockTarget, offers?: ReadonlyMap<string, Offers>): string {
  const c = ctx.out;
  const out: string[] = [`${c.bold(app)} for ${c.bold(target)} (platform ${lock.platform}, arch ${lock.arch})`, ''];
  const libs = [...lock.libs].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
  for (const lib of libs) {
    out.push(`${c.bold(lib.name)} ${lib.version}${lib.kind === 'lib' ? '' : c.dim(` (${lib.kind})`)}`);
    if (lib.implements.length) out.push(`  implements: ${lib.implements.join(', ')}`);
    const offered = offers?.get(lib.name);
    const featureNames = Object.keys(offered?.features ?? {}).sort();
    if (featureNames.length) {
      // Every feature it offers, chosen ones marked: what can be turned on, not only what is.
      const width = Math.max(...featureNames.map((f) => f.length));
      out.push('  features:   (* on)');
      for (const f of featureNames) {
        const on = lib.features.includes(f);
        const desc = offered!.features[f]!.description;
        out.push(`    ${on ? '*' : ' '} ${f.padEnd(width)}${desc ? `  ${c.dim(printable(desc))}` : ''}`);
      }
    } else {
      out.push(`  features:   ${lib.features.length ? lib.features.join(', ') : c.dim('none')}`);
    }
    const options = Object.entries(lib.options);
    if (options.length) {
      const width = Math.max(...options.map(([k]) => k.length));
      out.push('  options:');
      for (const [k, v] of options.sort(([a], [b]) => a.localeCompare(b))) {
        const def = offered?.options[k];
        const more = def ? `  ${c.dim(`(${optionType(def)}, default ${printable(JSON.stringify(def.default))}${def.description ? `: ${printable(def.description)}` : ''})`)}` : '';
        out.push(`    ${k.padEnd(width)} = ${printable(JSON.stringify(v))}${more}`);
      }
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
