// uk why <pkg> [appdir] [--target t]: why a package is in the image.
import type { LockLib, LockTarget } from '@uk/build';
import { closest } from '@uk/build/suggest';
import { lockedTarget } from '../locked-target.js';
import { resolveAppDir } from '../paths.js';
import type { CliContext } from '../context.js';

export interface WhyCommandOptions {
  target?: string | undefined;
}

export async function whyCommand(ctx: CliContext, pkg: string, appdir: string | undefined, opts: WhyCommandOptions): Promise<number> {
  const { target, lock, app } = await lockedTarget(ctx, resolveAppDir(ctx, appdir), opts.target);
  const text = explainWhy(ctx, pkg, app, target, lock);
  ctx.stdout.write(text.text);
  return text.found ? 0 : 1;
}

export function explainWhy(
  ctx: Pick<CliContext, 'out'>,
  pkg: string,
  app: string,
  target: string,
  lock: LockTarget,
): { found: boolean; text: string } {
  const c = ctx.out;
  const lib = lock.libs.find((l) => l.name === pkg);
  if (lib) return { found: true, text: explainLib(ctx, lib, app, target, lock) };

  const impls = lock.apis[pkg];
  if (impls) {
    const lines = [`${c.bold(pkg)} is an API; in the image of ${app} for ${target} it is implemented by ${impls.join(', ')}`];
    for (const name of impls) {
      const impl = lock.libs.find((l) => l.name === name);
      if (impl) lines.push('', explainLib(ctx, impl, app, target, lock).trimEnd());
    }
    return { found: true, text: lines.join('\n') + '\n' };
  }

  const lines = [`${pkg} is not in the image of ${app} for ${target}`];
  const near = closest(pkg, [...lock.libs.map((l) => l.name), ...Object.keys(lock.apis)]);
  if (near !== undefined) lines.push(`did you mean ${near}?`);
  return { found: false, text: lines.join('\n') + '\n' };
}

function explainLib(ctx: Pick<CliContext, 'out'>, lib: LockLib, app: string, target: string, lock: LockTarget): string {
  const c = ctx.out;
  const provides = new Set([lib.name, ...lib.implements]);
  const requiredBy = lock.libs.filter((l) => l.name !== lib.name && l.requires.some((r) => provides.has(r))).map((l) => {
    const via = l.requires.filter((r) => provides.has(r) && r !== lib.name);
    return via.length ? `${l.name} (needs ${via.join(', ')})` : l.name;
  });
  const selectedFor = Object.entries(lock.apis)
    .filter(([, impls]) => impls.includes(lib.name))
    .map(([api]) => api);

  const lines = [`${c.bold(`${lib.name}@${lib.version}`)} is in the image of ${app} for ${target}${lib.kind === 'lib' ? '' : ` (the ${lib.kind})`}`];
  lines.push(`  why:         ${lib.why.length ? lib.why.join(' → ') : lib.name}`);
  if (lib.implements.length) {
    const chosen = selectedFor.length ? ` (chosen for ${selectedFor.join(', ')})` : '';
    lines.push(`  implements:  ${lib.implements.join(', ')}${chosen}`);
  }
  if (requiredBy.length) lines.push(`  required by: ${requiredBy.join(', ')}`);
  if (lib.requires.length) lines.push(`  requires:    ${lib.requires.join(', ')}`);
  if (lib.features.length) lines.push(`  features:    ${lib.features.join(', ')}`);
  return lines.join('\n') + '\n';
}
