// uk why <pkg|header|symbol> [appdir] [--target t]: why a package is in the
// image; for a header (stdio.h) which library provides it, for a symbol
// (malloc) which library defines it, and why that library is there.
import type { LockLib, LockTarget } from '@uk/build';
import { closest } from '@uk/build/suggest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../build-app.js';
import { lockedTarget } from '../locked-target.js';
import { plugin } from '../plugin.js';
import { resolveAppDir } from '../paths.js';
import type { CliContext } from '../context.js';

export interface WhyCommandOptions {
  target?: string | undefined;
}

export async function whyCommand(ctx: CliContext, pkg: string, appdir: string | undefined, opts: WhyCommandOptions): Promise<number> {
  const appDir = resolveAppDir(ctx, appdir);
  const { target, lock, app } = await lockedTarget(ctx, appDir, opts.target);
  let text = explainWhy(ctx, pkg, app, target, lock);
  // Not a package of the image: a header (`stdio.h`) or a symbol (`malloc`) is answered from the image.
  if (!text.found && /\.h$/.test(pkg)) text = await explainHeader(ctx, pkg, appDir, app, target, lock);
  else if (!text.found && /^[A-Za-z_][A-Za-z0-9_]*$/.test(pkg)) text = await explainSymbol(ctx, pkg, appDir, app, target, lock);
  ctx.stdout.write(text.text);
  return text.found ? 0 : 1;
}

/** What to say about the library (or API) that defines or provides something, and why it is in the image. */
function ownerWhy(ctx: Pick<CliContext, 'out'>, owner: string, app: string, target: string, lock: LockTarget): string {
  const why = explainWhy(ctx, owner, app, target, lock);
  return why.found ? `\n${why.text}` : '';
}

const addHint = (names: readonly string[]): string =>
  names.length ? `uk knows ${names.join(', ')}; add it: pnpm add ${names[0]}\n` : 'no package uk knows offers it: uk does not offer it yet\n';

async function explainHeader(ctx: CliContext, header: string, appDir: string, app: string, target: string, lock: LockTarget): Promise<{ found: boolean; text: string }> {
  const { resolveApp, knownProvidersOfHeader } = await plugin();
  const image = await resolveApp(appDir, target);
  const has = (dir: string, include: readonly string[]) => include.some((d) => existsSync(path.join(dir, d, header)));
  const inImage = [
    ...image.libs.filter((l) => l.manifest.kind !== 'app' && has(l.node.dir, l.manifest.include)).map((l) => l.name),
    ...[...image.apis.values()].filter((a) => has(a.node.dir, a.manifest.include)).map((a) => a.name),
  ];
  if (inImage.length) {
    const owner = inImage[0]!;
    return { found: true, text: `<${header}> is provided by ${inImage.join(', ')} in the image of ${app} for ${target}\n${ownerWhy(ctx, owner, app, target, lock)}` };
  }
  const installed = image.installed.filter((n) => has(n.dir, n.include)).map((n) => n.name);
  if (installed.length) {
    return { found: false, text: `<${header}> is provided by ${installed.join(', ')}, installed but not in the image of ${app} for ${target}: a library that includes it must list ${installed[0]} in uk.requires\n` };
  }
  return { found: false, text: `<${header}> is not provided by any package installed for ${app}\n${addHint(knownProvidersOfHeader(header))}` };
}

async function explainSymbol(ctx: CliContext, symbol: string, appDir: string, app: string, target: string, lock: LockTarget): Promise<{ found: boolean; text: string }> {
  const result = await buildApp(ctx, appDir, target);
  const { detectToolchain, symbolOwner, knownDefinersOfSymbol } = await plugin();
  const owner = await symbolOwner(await detectToolchain(), result.debugImage, result.mapFile, result.libs.map((l) => l.name), symbol);
  if (!owner) {
    return { found: false, text: `${symbol} is not defined in the image of ${app} for ${target}\n${addHint(knownDefinersOfSymbol(symbol))}` };
  }
  const where = owner.library ?? 'the linker script';
  const how = owner.global ? 'defined and exported' : 'defined, but local to it (not exported: other libraries cannot use it)';
  const head = `${symbol} is ${how} by ${where} in the image of ${app} for ${target} (at 0x${owner.address.toString(16)})\n`;
  return { found: true, text: head + (owner.library ? ownerWhy(ctx, owner.library, app, target, lock) : '') };
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
